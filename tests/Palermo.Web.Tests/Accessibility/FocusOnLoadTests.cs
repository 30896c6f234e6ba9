using System.Net;
using System.Text.RegularExpressions;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Accessibility;

/// <summary>
/// Where the focus lands when a page loads, in the HTML the browser gets (no script): on the notice of the user's own
/// post, whose short form starts the title; not on a notice the user did not cause; on the first checkbox of a group
/// in error; on the error summary when the form is refused as a whole; and on one element only. The browser sweep
/// (AccessibilityTests) checks the same in Chromium.
/// </summary>
public sealed partial class FocusOnLoadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInPage_NoticeOfTheUsersAction_TakesTheFocusAndStartsTheTitle_AnEndedSessionDoesNot()
    {
        using var web = new PalermoApplication();
        var client = web.Browser();

        var signedOut = await client.GetStringAsync("/Account/SignIn?notice=signed-out", Ct);
        Assert.Equal("You are signed out.", Text(Single(Focused(), signedOut)));
        Assert.Contains("<title>You are signed out – Sign in · Palermo</title>", WebUtility.HtmlDecode(signedOut), StringComparison.Ordinal);

        var expired = await client.GetStringAsync("/Account/SignIn?notice=expired", Ct);
        Assert.Contains("Your session ended. Sign in again.", expired, StringComparison.Ordinal);
        Assert.Empty(Focused().Matches(expired));
        Assert.Contains("<title>Sign in · Palermo</title>", expired, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPassword_ErrorOnlyInTheSummary_TheSummaryTakesTheFocus()
    {
        using var web = new PalermoApplication();
        var user = await web.UserWithRoleAsync(Role.CaseWorker);

        var refused = await PalermoApplication.PostFormAsync(web.Browser(), "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = "not the password" });
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var summary = Single(Focused(), html);
        Assert.Contains("class=\"form-errors", summary.Value, StringComparison.Ordinal);
        Assert.Contains("tabindex=\"-1\"", summary.Value, StringComparison.Ordinal);
        Assert.Contains("aria-labelledby=\"errors-title\"", summary.Value, StringComparison.Ordinal);
        Assert.Matches("<h2 class=\"form-errors-title\" id=\"errors-title\">There is a problem</h2>\\s*<ul><li>E-mail or password is wrong.</li>", html[summary.Index..]);
        // Not a notice: the title stays.
        Assert.Contains("<title>Sign in · Palermo</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewUser_NoRoleChosen_FirstRoleCheckboxTakesTheFocus()
    {
        using var web = new PalermoApplication();
        var admin = await web.UserWithRoleAsync(Role.SystemAdministrator);
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var client = await web.SignInAsync(admin);

        var noRole = await PalermoApplication.PostFormAsync(client, "/Admin/Users", new() { ["Email"] = "new.worker@harbour.example", ["Organisation"] = org.Id.ToString() });
        var html = await noRole.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"roles-error\"", html, StringComparison.Ordinal);
        var first = RoleCheckbox().Match(html);
        Assert.True(first.Success);
        Assert.StartsWith(first.Value, Single(Focused(), html).Value, StringComparison.Ordinal);
    }

    /// <summary>The one element that takes the focus on load (fails when none or several do).</summary>
    private static Match Single(Regex focused, string html)
    {
        var all = focused.Matches(html);
        Assert.True(all.Count == 1, $"{all.Count} elements take the focus on load, expected 1");
        return all[0];
    }

    /// <summary>The text of the element whose opening tag is <paramref name="tag"/>, up to its first closing tag.</summary>
    private static string Text(Match tag) => WebUtility.HtmlDecode(tag.Groups["text"].Value);

    [GeneratedRegex("""<(?:p|div|input|select|textarea)\b[^>]*\sautofocus(?=[\s>=/])[^>]*>(?<text>[^<]*)""")]
    private static partial Regex Focused();

    [GeneratedRegex("""<input\b[^>]*name="Roles"[^>]*>""")]
    private static partial Regex RoleCheckbox();
}
