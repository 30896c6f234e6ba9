using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;
using Palermo.Organisations;

namespace Palermo.Browser.Tests.Screening;

public sealed class ScreeningBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Screening_OnAPhoneWithoutJavaScript_FrontlineOfficerRecordsAPresumedVictim()
    {
        app.RequireBrowser();
        var (email, password, secret) = await CreateOfficerAsync();
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{app.BaseUrl}/Account/SignIn");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Code").FillAsync(await Palermo.Testing.TestTotp.NextAsync(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Screening", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Adult — labour exploitation" }).ClickAsync();
        await Tick(page, "1. Deceptive recruitment (including transfer and transport)", "Deceived about the nature of the job, location or employer");
        await Tick(page, "1. Deceptive recruitment (including transfer and transport)", "Deceived about wages/earnings");
        await Tick(page, "4. Exploitative conditions of work (exploitation)", "Excessive working days or hours");
        await Tick(page, "4. Exploitative conditions of work (exploitation)", "Low or no salary");
        await Tick(page, "5. Coercion at destination", "Confiscation of documents");
        await Tick(page, "5. Coercion at destination", "Debt bondage");
        await Tick(page, "Forced labour (ILO, 11 indicators)", "Retention of identity documents");
        Assert.False(await Overflows(page));
        await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("screening-checklist"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record screening" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("presumed victim (screening)");
        await Assertions.Expect(page.GetByText("Not a legal decision.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("1 of 11 ILO forced-labour indicators present.", new() { Exact = false })).ToBeVisibleAsync();
        Assert.False(await Overflows(page));
        await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("screening-result"), FullPage = true });
    }

    private static async Task Tick(IPage page, string dimension, string indicator) =>
        await page.GetByRole(AriaRole.Group, new() { Name = dimension }).GetByLabel(indicator, new() { Exact = false }).First.CheckAsync();

    // Layout, not script: with JavaScript off Playwright can still measure the page from outside.
    private static async Task<bool> Overflows(IPage page) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")) > 361;

    /// <summary>A frontline officer with a password and an authenticator, as after the welcome link and enrolment.</summary>
    private Task<(string Email, string Password, string Secret)> CreateOfficerAsync() => app.With(async sp =>
    {
        var org = await sp.GetRequiredService<CreateOrganisation>().HandleAsync(new("Harbour Outreach " + Guid.NewGuid().ToString("N")[..6], "NonGovernmentalOrganisation", "ITA"), Actor.Cli);
        var email = $"officer-{Guid.NewGuid():N}@harbour.example";
        var created = await sp.GetRequiredService<CreateUser>().HandleAsync(new(email, org.Id.ToString(), [nameof(Role.FrontlineOfficer)]), Actor.Cli);
        var users = sp.GetRequiredService<UserManager<PalermoUser>>();
        var user = (await users.FindByIdAsync(created.User.Id.ToString()))!;
        const string password = "lanterns along the quiet harbour";
        Assert.True((await users.AddPasswordAsync(user, password)).Succeeded);
        await users.ResetAuthenticatorKeyAsync(user);
        var secret = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        return (email, password, secret);
    });
}
