using System.Net;
using System.Text.RegularExpressions;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Accounts;

/// <summary>GET /Account/KeepAlive, which session.js calls while the user types: it renews only the idle window.</summary>
public sealed partial class KeepAliveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeepAlive_SignedIn_AnswersNoContent_SignedOut_401WithoutTheSignInPage()
    {
        using var app = new PalermoApplication();
        var client = await app.SignInAsAsync(Role.CaseWorker);
        var ok = await client.GetAsync("/Account/KeepAlive", Ct);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Empty(await ok.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("no-store", ok.Headers.CacheControl?.ToString());

        var anonymous = await app.Browser().GetAsync("/Account/KeepAlive", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(anonymous.Headers.Location);
        Assert.DoesNotContain("<form", await anonymous.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        await PalermoApplication.PostFormAsync(client, "/Account/SignOut", []);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
    }

    [Fact]
    public async Task KeepAlive_RenewsTheIdleWindow_LikeAPage()
    {
        using var app = new PalermoApplication();
        var typing = await app.SignInAsAsync(Role.CaseWorker);
        var away = await app.SignInAsAsync(Role.CaseWorker);
        app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.NoContent, (await typing.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(15)); // 30 minutes after sign-in, 15 after the keep-alive
        Assert.Equal(HttpStatusCode.OK, (await typing.GetAsync("/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await away.GetAsync("/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await away.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
    }

    [Fact]
    public async Task KeepAlive_EarlyInTheWindow_StillGivesTheFull20Minutes()
    {
        // The cookie default renews only after half the window; session.js counts 20 minutes from its last contact,
        // so every page and keep-alive must renew the whole window or the warning would come after the end.
        using var app = new PalermoApplication();
        var client = await app.SignInAsAsync(Role.CaseWorker);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(19)); // 24 minutes after sign-in, 19 after the keep-alive
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
    }

    [Fact]
    public async Task KeepAlive_CannotExtendPastTheAbsoluteTenHours()
    {
        using var app = new PalermoApplication();
        var client = await app.SignInAsAsync(Role.CaseWorker);
        for (var i = 0; i < 39; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
        }

        app.Time.Advance(TimeSpan.FromMinutes(16)); // 10 h 1 min after sign-in, 16 min after the last keep-alive
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task Pages_GiveTheScriptTheIdleLimitAndTheTimeLeft_OnlyWhenSignedIn()
    {
        using var app = new PalermoApplication();
        var client = await app.SignInAsAsync(Role.CaseWorker);
        for (var i = 0; i < 4; i++) // an hour of typing
        {
            app.Time.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/Account/KeepAlive", Ct)).StatusCode);
        }

        var html = await client.GetStringAsync("/", Ct);
        Assert.Contains("src=\"/js/session.js?v=", html, StringComparison.Ordinal);
        Assert.Contains("data-idle-seconds=\"1200\"", html, StringComparison.Ordinal);
        var left = int.Parse(AbsoluteSeconds().Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(left, (9 * 3600) - 60, 9 * 3600);

        var signIn = await app.Browser().GetStringAsync("/Account/SignIn", Ct);
        Assert.DoesNotContain("session.js", signIn, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-absolute-seconds=\"([0-9]+)\"")]
    private static partial Regex AbsoluteSeconds();
}
