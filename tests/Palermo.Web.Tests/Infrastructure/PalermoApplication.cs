using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Testing;

namespace Palermo.Web.Tests.Infrastructure;

public sealed record TestUser(Guid Id, string Email, string Password, string TotpSecret, Guid OrganisationId);

/// <summary>
/// The web app on a real database of its own (SQLite file, or a fresh PostgreSQL database), with intent methods:
/// create an organisation, create a user with a role, sign in as a person would (password, then TOTP code).
/// </summary>
public sealed partial class PalermoApplication : WebApplicationFactory<Program>
{
    private readonly string _dir;
    private readonly bool _ownsStorage;
    private readonly string? _postgres;
    private readonly bool _demo;

    private readonly int _signInRateLimit;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    private readonly bool _backgroundJobs;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">More configuration (key → value), e.g. a tiny limit for one test class.</param>
    /// <param name="backgroundJobs">false: the retention and linkage jobs are not started, for a test that advances the
    /// clock by years (their timers would tick through every interval of them).</param>
    /// <param name="services">More services for one test class, registered after the app's own.</param>
    public PalermoApplication(string? postgresConnection = null, bool demo = false, int signInRateLimit = 100_000, string? sharedDataDir = null,
        IReadOnlyDictionary<string, string>? settings = null, bool backgroundJobs = true, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _backgroundJobs = backgroundJobs;
        _settings = settings;
        _dir = sharedDataDir ?? TestEnv.TempDir();
        _ownsStorage = sharedDataDir is null;
        _postgres = postgresConnection;
        _demo = demo;
        _signInRateLimit = signInRateLimit;
    }

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());
    public CapturedLogs Logs { get; } = new();
    public string DataDir => _dir;

    public static async Task<PalermoApplication> OnPostgresAsync() => new(await TestEnv.CreatePostgresDatabaseAsync());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data-dir", _dir);
        builder.UseSetting("Palermo:SignInRateLimit", _signInRateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Palermo:PublicFormRateLimit", "100000");
        if (_postgres is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Palermo", _postgres);
        }

        if (_demo)
        {
            builder.UseSetting("Palermo:Demo", "true");
            builder.UseSetting("Palermo:DemoCases", "5");
        }

        foreach (var (key, value) in _settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.AddProvider(Logs));
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            _services?.Invoke(s);
            if (_backgroundJobs) return;
            foreach (var job in s.Where(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)
                         && d.ImplementationType is { } t && t.IsSubclassOf(typeof(Microsoft.Extensions.Hosting.BackgroundService))).ToList())
            {
                s.Remove(job);
            }
        });
    }

    /// <summary>A client whose cookies live in <paramref name="cookies"/>, to share one browser between instances.</summary>
    public HttpClient Browser(System.Net.CookieContainer cookies) =>
        CreateDefaultClient(new Uri("http://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<Organisation> CreateOrganisationAsync(string name, OrganisationKind kind = OrganisationKind.NonGovernmentalOrganisation) =>
        With(sp => sp.GetRequiredService<CreateOrganisation>().HandleAsync(new(name, kind.ToString(), "ITA"), Actor.Cli));

    /// <summary>A user with a password and an enrolled authenticator, as after the welcome link and enrolment.</summary>
    public Task<TestUser> CreateUserAsync(Role role, Guid organisationId, bool enrolMfa = true) => With(async sp =>
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var created = await sp.GetRequiredService<CreateUser>().HandleAsync(new(email, organisationId.ToString(), [role.ToString()]), Actor.Cli);
        var users = sp.GetRequiredService<UserManager<PalermoUser>>();
        var user = (await users.FindByIdAsync(created.User.Id.ToString()))!;
        var password = "test-" + Guid.NewGuid().ToString("N");
        var added = await users.AddPasswordAsync(user, password);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Code)));
        var secret = "";
        if (enrolMfa)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            secret = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return new TestUser(user.Id, email, password, secret, organisationId);
    });

    public async Task<TestUser> UserWithRoleAsync(Role role)
    {
        var org = await CreateOrganisationAsync("Org " + Guid.NewGuid().ToString("N")[..8]);
        return await CreateUserAsync(role, org.Id);
    }

    /// <summary>Signs in through the real pages: password, then the authenticator code.</summary>
    public async Task<HttpClient> SignInAsync(TestUser user, HttpClient? client = null)
    {
        client ??= Browser();
        var res = await PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        if (res.Headers.Location!.OriginalString.Contains("SignInMfa", StringComparison.Ordinal))
        {
            res = await PostFormAsync(client, "/Account/SignInMfa", new() { ["Code"] = await Palermo.Testing.TestTotp.NextAsync(user.TotpSecret) });
            Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        }

        return client;
    }

    public async Task<HttpClient> SignInAsAsync(Role role) => await SignInAsync(await UserWithRoleAsync(role));

    /// <summary>GETs the page for its antiforgery token, then posts the form, as a browser does.</summary>
    /// <summary>How the API writes JSON: picklist values by name.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = Options();

    private static System.Text.Json.JsonSerializerOptions Options()
    {
        var o = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        Palermo.Web.Infrastructure.PicklistJson.Configure(o);
        return o;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? handler = null)
    {
        var form = await FormAsync(client, url, fields);
        var target = handler is null ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}";
        return await client.PostAsync(target, form);
    }

    /// <summary>
    /// A saved form answers 303 See Other to its page's own address, without the handler (Post/Redirect/Get): asserts
    /// that, then follows it with a GET as a browser does and returns that page, which shows the notice once.
    /// </summary>
    public static async Task<HttpResponseMessage> FollowAsync(HttpClient client, HttpResponseMessage posted, string? expectedLocation = null)
    {
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var location = posted.Headers.Location?.OriginalString;
        Assert.NotNull(location);
        Assert.DoesNotContain("handler=", location, StringComparison.OrdinalIgnoreCase);
        if (expectedLocation is not null) Assert.Equal(expectedLocation, location);
        return await client.GetAsync(location, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts the form and follows its redirect: the page the user sees after saving.</summary>
    public static async Task<HttpResponseMessage> PostAndFollowAsync(HttpClient client, string url, Dictionary<string, string> fields, string? handler = null) =>
        await FollowAsync(client, await PostFormAsync(client, url, fields, handler));

    /// <summary>Exactly these fields plus the antiforgery token of the page at <paramref name="url"/>, not yet sent.</summary>
    public static async Task<FormUrlEncodedContent> FormAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "no antiforgery token on " + url.Split('?')[0]);
        return new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__af"] = token.Groups[1].Value });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !_ownsStorage) return;
        if (_postgres is not null) TestEnv.DropPostgresDatabaseAsync(_postgres).GetAwaiter().GetResult();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
