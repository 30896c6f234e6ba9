using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;
using Palermo.Demo;
using Palermo.Organisations;

namespace Palermo.Browser.Tests.Statistics;

public sealed class DashboardBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Dashboard_OnAPhoneWithoutJavaScript_AnalystSeesChartsAndTables()
    {
        app.RequireBrowser();
        await app.With(sp => sp.GetRequiredService<SeedDemo>().HandleAsync(300, 5, Actor.Cli));
        var (email, password, secret) = await CreateAnalystAsync();
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

        await page.GetByRole(AriaRole.Link, new() { Name = "Statistics", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statistics: detected victims" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-sex-age svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Domestic share", new() { Exact = false }).First).ToBeVisibleAsync();
        Assert.True(await page.Locator("#chart-sex-age svg").BoundingBoxAsync() is { Width: > 100 and <= 360 });

        // The GET filter works without script.
        await page.GetByLabel("Reporting organisation").SelectOptionAsync("Police");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        Assert.Contains("Filter.Kind=Police", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#chart-form svg")).ToBeVisibleAsync();
        Assert.False(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") > 361);
        await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("statistics-dashboard"), FullPage = true });
    }

    private Task<(string Email, string Password, string Secret)> CreateAnalystAsync() => app.With(async sp =>
    {
        var org = await sp.GetRequiredService<CreateOrganisation>().HandleAsync(new("Statistics Office " + Guid.NewGuid().ToString("N")[..6], "NationalCoordinator", "ITA"), Actor.Cli);
        var email = $"analyst-{Guid.NewGuid():N}@office.example";
        var created = await sp.GetRequiredService<CreateUser>().HandleAsync(new(email, org.Id.ToString(), [nameof(Role.Analyst)]), Actor.Cli);
        var users = sp.GetRequiredService<UserManager<PalermoUser>>();
        var user = (await users.FindByIdAsync(created.User.Id.ToString()))!;
        const string password = "tables without names or faces";
        Assert.True((await users.AddPasswordAsync(user, password)).Succeeded);
        await users.ResetAuthenticatorKeyAsync(user);
        var secret = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        return (email, password, secret);
    });
}
