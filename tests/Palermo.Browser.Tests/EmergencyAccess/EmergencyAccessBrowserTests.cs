using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;

namespace Palermo.Browser.Tests.EmergencyAccess;

/// <summary>The app on a clock the test moves: four hours pass in a moment.</summary>
public sealed class FakeClockBrowserApp() : BrowserApp(fakeClock: true);

/// <summary>
/// Break-glass end to end in a real browser: a police officer opens a shelter's case at night, sees the banner and the
/// granted parts only and no way to edit; the shelter's data protection officer sees the alert and reviews it; four
/// hours later the case is out of the officer's reach again.
/// </summary>
public sealed class EmergencyAccessBrowserTests(FakeClockBrowserApp app) : IClassFixture<FakeClockBrowserApp>
{
    [Fact]
    public async Task OfficerOpensEmergencyAccess_SeesBannerAndGrantedPartsReadOnly_DpoReviews_ExpiresAfterFourHours()
    {
        app.RequireBrowser();
        var worker = await app.CreateUserAsync(Role.CaseWorker, "Casa Aurora", "Shelter");
        var dpo = await app.CreateUserAsync(Role.DataProtectionOfficer, "Casa Aurora");
        var officer = await app.CreateUserAsync(Role.FrontlineOfficer, "Metro Police", "Police");

        // The shelter registers the case, with a safe contact address.
        var w = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await app.SignInAsync(w, worker.Email, worker.Password, worker.Secret);
        await w.GotoAsync($"{app.BaseUrl}/Cases/Register");
        await w.GetByLabel("Given name (or the name the person uses)").FillAsync("Mariam");
        await w.GetByLabel("Family name").FillAsync("Bakr");
        await w.GetByLabel("Birth date").FillAsync("2010-05-20");
        await w.GetByLabel("Citizenship(s)", new() { Exact = false }).FillAsync("SDN");
        await w.GetByLabel("Identification date").FillAsync("2026-03-02");
        await w.GetByLabel("Country of detection", new() { Exact = false }).FillAsync("ITA");
        await w.GetByRole(AriaRole.Group, new() { Name = "Forms of exploitation" }).GetByLabel("Forced labour").CheckAsync();
        await w.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        var heading = await w.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync();
        var reference = heading.Replace("Case", "", StringComparison.Ordinal).Trim();
        Assert.StartsWith("PAL-", reference, StringComparison.Ordinal);
        var caseUrl = w.Url;

        // 2 a.m.: the officer opens it by its reference, with a reason; the Contacts part stays unticked.
        var o = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await app.SignInAsync(o, officer.Email, officer.Password, officer.Secret);
        await o.GetByRole(AriaRole.Link, new() { Name = "Emergency access", Exact = true }).ClickAsync();
        Assert.False(await o.GetByLabel("Contacts", new() { Exact = false }).IsCheckedAsync());
        await o.GetByLabel("Case reference", new() { Exact = false }).FillAsync(reference);
        await o.GetByLabel("Why you need it now", new() { Exact = false }).FillAsync("short");
        await o.GetByRole(AriaRole.Button, new() { Name = "Open emergency access" }).ClickAsync();
        await Assertions.Expect(o.Locator("#reason-error")).ToContainTextAsync("at least 20 characters");
        await o.GetByLabel("Why you need it now", new() { Exact = false }).FillAsync("Found alone at the station at 2 a.m.; says she lives at the shelter and may be a child");
        await o.GetByRole(AriaRole.Button, new() { Name = "Open emergency access" }).ClickAsync();

        var banner = o.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Emergency access — ends at" });
        var ends = app.Time.GetUtcNow().UtcDateTime.AddHours(4);
        await Assertions.Expect(banner).ToContainTextAsync($"Emergency access — ends at {ends:HH:mm} UTC — reason recorded — the data protection officers are alerted.");
        await Assertions.Expect(banner).ToContainTextAsync("Casa Aurora");
        await Assertions.Expect(banner).ToContainTextAsync(worker.Email);
        await Assertions.Expect(o.Locator("main")).ToContainTextAsync("Mariam");
        await Assertions.Expect(o.Locator("main")).ToContainTextAsync("(child)");
        // Read-only: no form in the page, no edit link; the API refuses a note.
        await Assertions.Expect(o.Locator("main form")).ToHaveCountAsync(0);
        await Assertions.Expect(o.GetByRole(AriaRole.Link, new() { Name = "Edit the case facts" })).ToHaveCountAsync(0);
        var note = await o.APIRequest.PostAsync($"{caseUrl.Replace("/Cases/View/", "/api/v1/cases/", StringComparison.Ordinal)}/notes",
            new() { DataObject = new { text = "Officer's note" } });
        Assert.Equal(404, note.Status);

        // The shelter's data protection officer sees the count at once, reads the reason and reviews.
        var d = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await app.SignInAsync(d, dpo.Email, dpo.Password, dpo.Secret);
        await d.GetByRole(AriaRole.Link, new() { Name = "Emergency access (1)" }).ClickAsync();
        await Assertions.Expect(d.Locator("main")).ToContainTextAsync("Found alone at the station");
        await Assertions.Expect(d.Locator("main")).ToContainTextAsync("staff of Metro Police");
        await Assertions.Expect(d.Locator("main")).ToContainTextAsync(reference);
        await d.GetByLabel("Justified", new() { Exact = true }).CheckAsync();
        await d.GetByLabel("Note", new() { Exact = false }).FillAsync("Confirmed with the night staff");
        await d.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Assertions.Expect(d.GetByRole(AriaRole.Status)).ToContainTextAsync("Review recorded.");
        await Assertions.Expect(d.GetByRole(AriaRole.Link, new() { Name = "Emergency access (0)" })).ToBeVisibleAsync();

        // Four hours pass; the officer keeps the session alive (idle limit 20 minutes) on their own list.
        for (var i = 0; i < 24; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(10));
            await o.GotoAsync($"{app.BaseUrl}/EmergencyAccess");
        }

        await Assertions.Expect(o.Locator("main")).ToContainTextAsync("Expired");
        var gone = await o.GotoAsync(caseUrl);
        Assert.Equal(404, gone!.Status);
        // Every view of the case under the grant was recorded with its id.
        var purposes = await app.With(sp => sp.GetRequiredService<Palermo.Data.PalermoDbContext>().AuditEntries
            .Where(e => e.Event == Palermo.Audit.AuditEvent.CaseRead && e.OrganisationId == officer.OrganisationId).Select(e => e.Purpose).ToListAsync());
        Assert.NotEmpty(purposes);
        Assert.All(purposes, p => Assert.StartsWith("emergency access ", p, StringComparison.Ordinal));
    }
}
