using Microsoft.Playwright;
using Palermo.Accounts;

namespace Palermo.Browser.Tests.Cases;

/// <summary>The national referral mechanism end to end in a real browser: screening → register → refer → accept → service → close.</summary>
public sealed class WholePathTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ScreenRegisterReferAcceptServeClose_TwoOrganisations_InARealBrowser()
    {
        app.RequireBrowser();
        var ngo = await app.CreateUserAsync(Role.CaseWorker, "Harbour NGO");
        var shelter = await app.CreateUserAsync(Role.CaseWorker, "Safe House", "Shelter");
        var ngoPage = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await app.SignInAsync(ngoPage, ngo.Email, ngo.Password, ngo.Secret);

        // Screening: no personal data.
        await ngoPage.GetByRole(AriaRole.Link, new() { Name = "Screening", Exact = true }).ClickAsync();
        await ngoPage.GetByRole(AriaRole.Link, new() { Name = "Adult — labour exploitation" }).ClickAsync();
        foreach (var (dimension, indicator) in new[]
        {
            ("1. Deceptive recruitment (including transfer and transport)", "Deceived about the nature of the job, location or employer"),
            ("1. Deceptive recruitment (including transfer and transport)", "Deceived about wages/earnings"),
            ("4. Exploitative conditions of work (exploitation)", "Excessive working days or hours"),
            ("4. Exploitative conditions of work (exploitation)", "Low or no salary"),
            ("5. Coercion at destination", "Confiscation of documents"),
            ("5. Coercion at destination", "Debt bondage"),
        })
        {
            await ngoPage.GetByRole(AriaRole.Group, new() { Name = dimension }).GetByLabel(indicator, new() { Exact = false }).First.CheckAsync();
        }

        await ngoPage.GetByRole(AriaRole.Button, new() { Name = "Record screening" }).ClickAsync();
        await Assertions.Expect(ngoPage.GetByRole(AriaRole.Status)).ToContainTextAsync("presumed victim (screening)");

        // Registration.
        await ngoPage.GotoAsync($"{app.BaseUrl}/Cases/Register");
        await ngoPage.GetByLabel("Given name (or the name the person uses)").FillAsync("Tetiana");
        await ngoPage.GetByLabel("Family name").FillAsync("Hrytsenko");
        await ngoPage.GetByLabel("Birth date").FillAsync("1996-05-20");
        await ngoPage.GetByLabel("Citizenship(s)", new() { Exact = false }).FillAsync("UKR");
        await ngoPage.GetByLabel("Identification date").FillAsync("2026-03-02");
        await ngoPage.GetByLabel("Country of detection", new() { Exact = false }).FillAsync("ITA");
        await ngoPage.GetByRole(AriaRole.Group, new() { Name = "Forms of exploitation" }).GetByLabel("Forced labour").CheckAsync();
        await ngoPage.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(ngoPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-2026-");
        var caseUrl = ngoPage.Url;

        // Consent, then referral to the shelter.
        await ngoPage.GetByLabel("Purpose").SelectOptionAsync("Referral");
        await ngoPage.GetByLabel("Recorded as").SelectOptionAsync("Written");
        await ngoPage.GetByLabel("For organisation (referral or sharing)").SelectOptionAsync(new SelectOptionValue { Label = "Safe House" });
        await ngoPage.GetByRole(AriaRole.Button, new() { Name = "Record consent" }).ClickAsync();
        await Assertions.Expect(ngoPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Consent recorded");
        // Sharing the identity with the shelter needs its own consent.
        await ngoPage.GetByLabel("Purpose").SelectOptionAsync(new SelectOptionValue { Label = "Sharing identifiable data" });
        await ngoPage.GetByLabel("Recorded as").SelectOptionAsync("Written");
        await ngoPage.GetByLabel("For organisation (referral or sharing)").SelectOptionAsync(new SelectOptionValue { Label = "Safe House" });
        await ngoPage.GetByRole(AriaRole.Button, new() { Name = "Record consent" }).ClickAsync();
        await Assertions.Expect(ngoPage.GetByText("Sharing identifiable data → Safe House", new() { Exact = false })).ToBeVisibleAsync();
        await ngoPage.GetByLabel("To organisation").SelectOptionAsync(new SelectOptionValue { Label = "Safe House" });
        await ngoPage.GetByRole(AriaRole.Group, new() { Name = "Services needed" }).GetByLabel("Shelter").CheckAsync();
        await ngoPage.GetByRole(AriaRole.Group, new() { Name = "The receiver may see" }).GetByLabel("Identity").CheckAsync();
        await ngoPage.GetByRole(AriaRole.Group, new() { Name = "The receiver may see" }).GetByLabel("Services").CheckAsync();
        await ngoPage.GetByRole(AriaRole.Button, new() { Name = "Refer" }).ClickAsync();
        await Assertions.Expect(ngoPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Referral sent");

        // The shelter accepts, sees the person, and records the service.
        var shelterPage = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await app.SignInAsync(shelterPage, shelter.Email, shelter.Password, shelter.Secret);
        await shelterPage.GetByRole(AriaRole.Link, new() { Name = "Referrals" }).ClickAsync();
        await shelterPage.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(shelterPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Referral accepted");
        await shelterPage.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("referrals-inbox"), FullPage = true });
        await Assertions.Expect(shelterPage.GetByRole(AriaRole.Cell, new() { Name = "Accepted", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(shelterPage.GetByRole(AriaRole.Cell, new() { Name = "Shelter", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(shelterPage.GetByRole(AriaRole.Cell, new() { Name = "Case facts, identity, services", Exact = true })).ToBeVisibleAsync();
        await shelterPage.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^PAL-2026-") }).ClickAsync();
        await Assertions.Expect(shelterPage.GetByText("Tetiana Hrytsenko")).ToBeVisibleAsync();
        await shelterPage.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync("shelter");
        await shelterPage.GetByLabel("Start date").FillAsync("2026-03-03");
        await shelterPage.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "In progress" });
        await shelterPage.GetByRole(AriaRole.Button, new() { Name = "Record service" }).ClickAsync();
        await Assertions.Expect(shelterPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Service recorded");
        await shelterPage.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("case-at-shelter"), FullPage = true });

        // The NGO sees the service and closes the case.
        await ngoPage.GotoAsync(caseUrl);
        await Assertions.Expect(ngoPage.GetByText("Shelter by Safe House, from", new() { Exact = false })).ToBeVisibleAsync();
        // Above the close form, what closing does not end: the service and the accepted referral.
        await Assertions.Expect(ngoPage.Locator("#open-work")).ToContainTextAsync("Shelter by Safe House: In progress");
        await Assertions.Expect(ngoPage.Locator("#open-work")).ToContainTextAsync("Referral to Safe House: Accepted");
        await ngoPage.GetByLabel("Reason").FillAsync("Assistance completed");
        await ngoPage.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Assertions.Expect(ngoPage.GetByText("Closed — Assistance completed")).ToBeVisibleAsync();
        await ngoPage.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("case-closed"), FullPage = true });

        // The NGO's case list shows the closed case in words.
        await ngoPage.GetByRole(AriaRole.Link, new() { Name = "Cases", Exact = true }).ClickAsync();
        await Assertions.Expect(ngoPage.GetByRole(AriaRole.Cell, new() { Name = "Possible victim of trafficking" })).ToBeVisibleAsync();
        await ngoPage.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("case-list"), FullPage = true });
    }
}
