using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;

namespace Palermo.Browser.Tests.Cases;

/// <summary>
/// Post/Redirect/Get in a real browser: after a consent is recorded the address is the case page itself, so reloading
/// it (F5) shows the case again instead of sending the form a second time — one consent, and the notice only once.
/// </summary>
public sealed class ReloadAfterSaveTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ConsentRecorded_ThenReloaded_IsRecordedOnce_AndTheNoticeIsNotShownAgain()
    {
        app.RequireBrowser();
        var worker = await app.CreateUserAsync(Role.CaseWorker, "Reload NGO");
        await app.CreateUserAsync(Role.CaseWorker, "Reload Shelter", "Shelter");
        var page = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await app.SignInAsync(page, worker.Email, worker.Password, worker.Secret);

        await page.GotoAsync($"{app.BaseUrl}/Cases/Register");
        await page.GetByLabel("Given name (or the name the person uses)").FillAsync("Halyna");
        await page.GetByLabel("Family name").FillAsync("Bondar");
        await page.GetByLabel("Birth date").FillAsync("1994-02-11");
        await page.GetByLabel("Citizenship(s)", new() { Exact = false }).FillAsync("UKR");
        await page.GetByLabel("Identification date").FillAsync("2026-03-02");
        await page.GetByLabel("Country of detection", new() { Exact = false }).FillAsync("ITA");
        await page.GetByRole(AriaRole.Group, new() { Name = "Forms of exploitation" }).GetByLabel("Forced labour").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-2026-");
        var caseUrl = page.Url;
        var caseId = Guid.Parse(new Uri(caseUrl).Segments[^1]);

        await page.GetByLabel("Purpose").SelectOptionAsync("Referral");
        await page.GetByLabel("Recorded as").SelectOptionAsync("Written");
        await page.GetByLabel("For organisation (referral or sharing)").SelectOptionAsync(new SelectOptionValue { Label = "Reload Shelter" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record consent" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Consent recorded.");
        // The address is the case page, not the form's handler, and carries only the case's id.
        Assert.Equal(caseUrl, page.Url);
        var consents = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Consent", Exact = true }) }).Locator("li");
        await Assertions.Expect(consents).ToHaveCountAsync(1);

        // F5: the page is shown again, nothing is sent again, and the notice is gone.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-2026-");
        await Assertions.Expect(consents).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByText("Consent recorded.")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Consent recorded", await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.With(sp =>
        {
            var db = sp.GetRequiredService<Palermo.Data.PalermoDbContext>();
            return db.Consents.CountAsync(k => db.Cases.Any(c => c.Id == caseId && c.PersonId == k.PersonId), TestContext.Current.CancellationToken);
        }));
    }
}
