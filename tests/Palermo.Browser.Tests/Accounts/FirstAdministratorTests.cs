using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;

namespace Palermo.Browser.Tests.Accounts;

public sealed class FirstAdministratorTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task FirstAdministrator_SetsUpEnrolsMfaCreatesOrganisationAndUser_InARealBrowser()
    {
        app.RequireBrowser();
        var token = (await app.With(sp => sp.GetRequiredService<SetupLink>().HandleAsync()))!;
        var page = await app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        const string email = "first.admin@coordinator.example";
        const string password = "quiet orchards under winter rain";

        await page.GotoAsync($"{app.BaseUrl}/Account/Setup?token={token}");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = false }).First.FillAsync(password);
        await page.GetByLabel("Repeat the password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set");

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up two-step verification" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".qr svg")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("mfa-enrolment"), FullPage = true });

        var secret = await page.Locator("#secret").InnerTextAsync();
        await page.GetByLabel("Code").FillAsync(await Palermo.Testing.TestTotp.NextAsync(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Organisations" }).First.ClickAsync();
        await page.GetByLabel("Name").FillAsync("Harbour Outreach NGO");
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = "Non-governmental organisation (NGO)" });
        await page.GetByLabel("Country", new() { Exact = false }).FillAsync("ITA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Harbour Outreach NGO" })).ToBeVisibleAsync();

        await page.GotoAsync($"{app.BaseUrl}/Admin/Users");
        await page.GetByLabel("E-mail").FillAsync("case.worker@harbour.example");
        await page.GetByLabel("Organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Harbour Outreach NGO" });
        await page.GetByLabel("Case worker").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Assertions.Expect(page.Locator("#issued-link")).ToHaveTextAsync(new Regex(@"/Account/Welcome\?token="));
        await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("users"), FullPage = true });

        // At phone width nothing overflows sideways.
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow);
    }

    [Fact]
    public async Task SignInPage_KeyboardOnly_ReachesFieldsInOrderWithVisibleFocus()
    {
        app.RequireBrowser();
        var page = await app.Browser.NewPageAsync();
        await page.GotoAsync($"{app.BaseUrl}/Account/SignIn");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("email", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.Equal("solid", outline);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("password", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#Email-error")).ToContainTextAsync("Enter your e-mail address");
    }
}
