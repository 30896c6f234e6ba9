using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Palermo.Accounts;

namespace Palermo.Browser.Tests.Accounts;

/// <summary>
/// wwwroot/js/session.js in a real browser (WCAG 2.2.1): the page's clock is Playwright's fake one, fast-forwarded
/// instead of waited for. The server keeps real time, so only the script's countdown and its keep-alive calls are
/// tested here; the server's limits are in Palermo.Web.Tests (KeepAliveTests, SessionTests).
/// </summary>
public sealed partial class SessionWarningTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Note = "Met her at the bus station; she asked about her passport.";

    [Fact]
    public async Task IdleWarning_StaySignedIn_TypingRenews_AfterTheLimitTheNoteIsStillThere()
    {
        app.RequireBrowser();
        var (page, caseUrl) = await CaseWorkerOnACaseAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync(caseUrl);
        var stay = page.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" });
        var alert = page.GetByRole(AriaRole.Alert);
        var panel = page.Locator(".session-panel");
        await Assertions.Expect(panel).ToBeHiddenAsync();

        // Two minutes before the 20-minute idle limit: the warning, with the focus on its button.
        await page.Clock.FastForwardAsync("18:05");
        await Assertions.Expect(alert).ToContainTextAsync("because of inactivity");
        await Assertions.Expect(stay).ToBeFocusedAsync();
        var axe = await page.RunAxe(new AxeRunContext { Include = [new AxeSelector("#session")] }, new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
        Assert.True(axe.Violations.Length == 0, "axe: " + string.Join(", ", axe.Violations.Select(v => v.Id)));

        var renewed = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("Enter"), r => r.Url.EndsWith("/Account/KeepAlive", StringComparison.Ordinal));
        Assert.Equal(204, renewed.Status);
        await Assertions.Expect(stay).ToBeHiddenAsync();
        await Assertions.Expect(panel).ToBeHiddenAsync();

        // Typing a long note sends no request of its own: after a few minutes, a keystroke renews the session.
        var noteBox = page.GetByLabel("New note", new() { Exact = false });
        await noteBox.PressSequentiallyAsync(Note[..20]);
        await page.Clock.FastForwardAsync("06:00");
        var typed = await page.RunAndWaitForResponseAsync(() => noteBox.PressSequentiallyAsync(Note[20..]), r => r.Url.EndsWith("/Account/KeepAlive", StringComparison.Ordinal));
        Assert.Equal(204, typed.Status);

        // Past the limit without activity: the page says so, stays where it is, and keeps what was typed.
        await page.Clock.FastForwardAsync("21:00");
        await Assertions.Expect(alert).ToContainTextAsync("still on this page");
        await Assertions.Expect(stay).ToBeHiddenAsync();
        await Assertions.Expect(noteBox).ToHaveValueAsync(Note);
        Assert.Equal(caseUrl, page.Url);
        await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("session-ended") });
    }

    [Fact]
    public async Task AbsoluteLimitNear_WarnsOnceWithoutTakingTheFocus_NoStaySignedIn()
    {
        app.RequireBrowser();
        var (page, caseUrl) = await CaseWorkerOnACaseAsync();
        // Pretend the session's 10 hours end 15 minutes after this page: the server's value, rewritten in transit.
        await page.RouteAsync(caseUrl, async route =>
        {
            var response = await route.FetchAsync();
            var body = AbsoluteSeconds().Replace(await response.TextAsync(), "data-absolute-seconds=\"900\"");
            await route.FulfillAsync(new() { Response = response, Body = body });
        });
        await page.Clock.InstallAsync();
        await page.GotoAsync(caseUrl);
        var noteBox = page.GetByLabel("New note", new() { Exact = false });
        await noteBox.FocusAsync();
        await page.Clock.FastForwardAsync("04:00");
        await noteBox.PressSequentiallyAsync(Note);
        await page.Clock.FastForwardAsync("01:10");

        var alert = page.GetByRole(AriaRole.Alert);
        var panel = page.Locator(".session-panel");
        await Assertions.Expect(alert).ToContainTextAsync("cannot be extended");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToBeHiddenAsync();
        await Assertions.Expect(noteBox).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Dismiss warning" }).ClickAsync();
        await Assertions.Expect(panel).ToBeHiddenAsync();

        // Warned once: not again a minute later, and at the end the session-ended text.
        await page.Clock.FastForwardAsync("01:00");
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await page.Clock.FastForwardAsync("09:00");
        await Assertions.Expect(alert).ToContainTextAsync("still on this page");
        await Assertions.Expect(noteBox).ToHaveValueAsync(Note);
        // The message can be dismissed so it no longer covers the form; the session stays ended.
        await page.GetByRole(AriaRole.Button, new() { Name = "Dismiss warning" }).ClickAsync();
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await page.Clock.FastForwardAsync("01:00");
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await Assertions.Expect(noteBox).ToHaveValueAsync(Note);
    }

    [Fact]
    public async Task TwoTabs_TypingInOne_KeepsTheOtherFromWarning()
    {
        app.RequireBrowser();
        var (typing, caseUrl) = await CaseWorkerOnACaseAsync();
        await typing.Clock.InstallAsync(); // the context's clock: both tabs
        await typing.GotoAsync(caseUrl);
        var idle = await typing.Context.NewPageAsync();
        await idle.GotoAsync(caseUrl);
        var idlePanel = idle.Locator(".session-panel");

        await typing.Clock.FastForwardAsync("06:00");
        var renewed = await typing.RunAndWaitForResponseAsync(() => typing.GetByLabel("New note", new() { Exact = false }).PressSequentiallyAsync(Note), r => r.Url.EndsWith("/Account/KeepAlive", StringComparison.Ordinal));
        Assert.Equal(204, renewed.Status);
        await typing.Clock.FastForwardAsync("12:30"); // 18:30 after the idle tab was opened, 12:30 after the keep-alive
        await Assertions.Expect(idlePanel).ToBeHiddenAsync();
        await typing.Clock.FastForwardAsync("06:00"); // now both are 18:30 past the last contact
        await Assertions.Expect(idle.GetByRole(AriaRole.Alert)).ToContainTextAsync("because of inactivity");
    }

    /// <summary>A case worker signed in, on a case she registered (its page has the note box).</summary>
    private async Task<(IPage Page, string CaseUrl)> CaseWorkerOnACaseAsync()
    {
        var user = await app.CreateUserAsync(Role.CaseWorker, "Harbour NGO");
        var page = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await app.SignInAsync(page, user.Email, user.Password, user.Secret);
        await page.GotoAsync($"{app.BaseUrl}/Cases/Register");
        await page.GetByLabel("Given name (or the name the person uses)").FillAsync("Tetiana");
        await page.GetByLabel("Family name").FillAsync("Hrytsenko");
        await page.GetByLabel("Birth date").FillAsync("1996-05-20");
        await page.GetByLabel("Citizenship(s)", new() { Exact = false }).FillAsync("UKR");
        await page.GetByLabel("Identification date").FillAsync("2026-03-02");
        await page.GetByLabel("Country of detection", new() { Exact = false }).FillAsync("ITA");
        await page.GetByRole(AriaRole.Group, new() { Name = "Forms of exploitation" }).GetByLabel("Forced labour").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-2026-");
        return (page, page.Url);
    }

    [GeneratedRegex("data-absolute-seconds=\"[0-9]*\"")]
    private static partial Regex AbsoluteSeconds();
}
