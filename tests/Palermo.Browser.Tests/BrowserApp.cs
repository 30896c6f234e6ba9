using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Testing;

namespace Palermo.Browser.Tests;

/// <summary>
/// The real web app on Kestrel (loopback, free port) and Debian's Chromium driven by Playwright. A browser download
/// is impossible here, so Chromium is launched by its executable path; without it the tests fail under
/// PALERMO_REQUIRE_ALL=1 and skip visibly otherwise.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dir = TestEnv.TempDir();
    private readonly bool _fakeClock;

    public BrowserApp() : this(fakeClock: false) { }

    /// <param name="fakeClock">The app reads <see cref="Time"/>, which stands still until a test advances it (hours
    /// pass in a moment); the authenticator codes still come from the real clock.</param>
    protected BrowserApp(bool fakeClock) => _fakeClock = fakeClock;

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public static string ChromiumPath => Environment.GetEnvironmentVariable("PALERMO_CHROMIUM") ?? "/usr/bin/chromium";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data-dir", _dir);
        builder.UseSetting("Palermo:SignInRateLimit", "1000");
        if (_fakeClock) builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time));
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (TestEnv.RequireAll) Assert.Fail($"PALERMO_REQUIRE_ALL=1 but Chromium is not at {ChromiumPath} (apt-get install chromium).");
            return;
        }

        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public void RequireBrowser()
    {
        if (_playwright is null) Assert.Skip($"Chromium not found at {ChromiumPath}; install it (apt-get install chromium) to run browser tests.");
    }

    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A user with a password and an enrolled authenticator in a new organisation (or the named one).</summary>
    public Task<(string Email, string Password, string Secret, Guid OrganisationId)> CreateUserAsync(Palermo.Accounts.Role role, string organisation, string kind = "NonGovernmentalOrganisation") => With(async sp =>
    {
        var db = sp.GetRequiredService<Palermo.Data.PalermoDbContext>();
        var org = await Palermo.Organisations.OrganisationQueries.FindByIdOrNameAsync(db, organisation)
            ?? await sp.GetRequiredService<Palermo.Organisations.CreateOrganisation>().HandleAsync(new(organisation, kind, "ITA"), Palermo.Accounts.Actor.Cli);
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var created = await sp.GetRequiredService<Palermo.Accounts.CreateUser>().HandleAsync(new(email, org.Id.ToString(), [role.ToString()]), Palermo.Accounts.Actor.Cli);
        var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Palermo.Accounts.PalermoUser>>();
        var user = (await users.FindByIdAsync(created.User.Id.ToString()))!;
        const string password = "paper boats on a quiet river";
        Assert.True((await users.AddPasswordAsync(user, password)).Succeeded);
        await users.ResetAuthenticatorKeyAsync(user);
        var secret = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        return (email, password, secret, org.Id);
    });

    /// <summary>A user just created by an administrator: no password yet, and the token of the one-time welcome link
    /// the administrator hands over.</summary>
    public Task<(string Email, string Token)> CreateInvitedUserAsync(Palermo.Accounts.Role role, string organisation, string kind = "NonGovernmentalOrganisation") => With(async sp =>
    {
        var db = sp.GetRequiredService<Palermo.Data.PalermoDbContext>();
        var org = await Palermo.Organisations.OrganisationQueries.FindByIdOrNameAsync(db, organisation)
            ?? await sp.GetRequiredService<Palermo.Organisations.CreateOrganisation>().HandleAsync(new(organisation, kind, "ITA"), Palermo.Accounts.Actor.Cli);
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var created = await sp.GetRequiredService<Palermo.Accounts.CreateUser>().HandleAsync(new(email, org.Id.ToString(), [role.ToString()]), Palermo.Accounts.Actor.Cli);
        return (email, created.SignInToken);
    });

    public async Task SignInAsync(IPage page, string email, string password, string secret)
    {
        await page.GotoAsync($"{BaseUrl}/Account/SignIn");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Code").FillAsync(await Palermo.Testing.TestTotp.NextAsync(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
    }

    public static string ShotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    public override async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }

        await base.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
