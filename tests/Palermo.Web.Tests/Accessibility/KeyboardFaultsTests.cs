using System.Net;
using System.Text.RegularExpressions;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Accessibility;

/// <summary>
/// The faults the keyboard walk before and while signing in found (Palermo.Browser.Tests, KeyboardTests and
/// SetupLinkKeyboardTests), held at the HTML level: the header's sign-out form, the action of forms, and the page a
/// browser gets for a status without a body.
/// </summary>
public sealed partial class KeyboardFaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeaderSignOut_CarriesItsAntiforgeryToken_AndSignsOut()
    {
        using var web = new PalermoApplication();
        var client = await web.SignInAsAsync(Role.CaseWorker);
        var home = await client.GetStringAsync("/", Ct);
        var form = HeaderSignOut().Match(home);
        Assert.True(form.Success, "no sign-out form in the header");
        var token = Antiforgery().Match(form.Value);
        Assert.True(token.Success, "the header's sign-out form has no antiforgery token, so its post is refused");

        var signedOut = await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token.Groups[1].Value }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/Account/SignIn?notice=signed-out", signedOut.Headers.Location?.OriginalString);
        var after = await client.GetAsync("/Cases", Ct);
        Assert.Equal("/Account/SignIn", after.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task FormWithoutAnActionOfItsOwn_GoesToThePagesPath_NotToTheSkipLinksFragment()
    {
        using var web = new PalermoApplication();
        var page = await web.Browser().GetStringAsync("/Account/SignIn?notice=signed-out", Ct);
        var form = Assert.Single(FormTag().Matches(page));
        Assert.Contains("action=\"/Account/SignIn\"", form.Value, StringComparison.Ordinal);

        // The path alone, for a post and for a search (GET) form: the query is not copied into the page.
        var client = await web.SignInAsAsync(Role.CaseWorker);
        var list = await client.GetStringAsync("/Cases?Country=ITA", Ct);
        var forms = FormTag().Matches(list).Select(f => f.Value).Where(f => !f.Contains("action=\"/Account/SignOut\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, forms.Count);
        Assert.All(forms, f => Assert.Contains("action=\"/Cases\"", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusWithoutABody_ToABrowser_IsTheErrorPageInTheLayout_ToTheApi_ProblemDetails()
    {
        using var web = new PalermoApplication();
        var anonymous = web.Browser();
        var missing = await anonymous.GetAsync($"/Public/Statistics/{Guid.NewGuid()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        var html = await missing.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>Not found · Palermo</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Not found</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/Public/Statistics\">Published statistics</a>", html, StringComparison.Ordinal);

        // A post whose antiforgery token is missing (a stale or forged form): the error page, not JSON.
        var refused = await anonymous.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@example.org" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("<h1>The request could not be read</h1>", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var client = await web.SignInAsAsync(Role.CaseWorker);
        var unknown = await client.GetAsync("/Cases/Nothing-here", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("<h1>Not found</h1>", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var api = await client.GetAsync("/api/v1/nothing-here", Ct);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("<form method=\"post\" action=\"/Account/SignOut\"[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex HeaderSignOut();

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<form[^>]*>")]
    private static partial Regex FormTag();
}
