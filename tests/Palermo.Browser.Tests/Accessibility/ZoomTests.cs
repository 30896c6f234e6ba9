using Microsoft.Playwright;
using Palermo.Accounts;

namespace Palermo.Browser.Tests.Accessibility;

/// <summary>
/// WCAG 1.4.4 (resize text) and 1.4.10 (reflow) as a user of a 1280 px window zoomed to 200 % sees them: the page is
/// laid out 640 CSS pixels wide. Lists become one block per row with each value labelled by its column; at desktop
/// width they are ordinary tables. (AccessibilityTests checks every page at 320, 640 and 980 px for sideways
/// scrolling and lost text; this checks what the stacked list says.)
/// </summary>
public sealed class ZoomTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task CaseList_At200PercentZoom_StacksEachCaseWithItsColumnNames_AndIsATableAtDesktopWidth()
    {
        app.RequireBrowser();
        var worker = await app.CreateUserAsync(Role.CaseWorker, "Zoom Harbour");
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 720 } });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, worker.Email, worker.Password, worker.Secret);
        await page.GotoAsync($"{app.BaseUrl}/Cases/Register");
        await page.GetByLabel("Given name (or the name the person uses)").FillAsync("Amina");
        await page.GetByLabel("Identification date").FillAsync("2026-03-02");
        await page.GetByLabel("Country of detection", new() { Exact = false }).FillAsync("ITA");
        await page.GetByRole(AriaRole.Group, new() { Name = "Forms of exploitation" }).GetByLabel("Forced labour").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-2026-");
        await page.GotoAsync($"{app.BaseUrl}/Cases");

        // Desktop: a table, its header row shown, no label written into the cells.
        var identified = page.GetByRole(AriaRole.Columnheader, new() { Name = "Identified" });
        await Assertions.Expect(identified).ToBeVisibleAsync();
        var date = page.Locator("tbody td", new() { HasText = "2026-03-02" });
        Assert.Equal("none", await Label(date));

        // 200 % zoom: the header row is gone, every value of the case is on its own line, led by its column's name.
        await page.SetViewportSizeAsync(640, 360);
        await Assertions.Expect(identified).ToBeHiddenAsync();
        Assert.Equal("Identified: ", await Label(date));
        Assert.Equal("Country: ", await Label(page.Locator("tbody td", new() { HasText = "ITA" })));
        Assert.Equal("Exploitation: ", await Label(page.Locator("tbody td", new() { HasText = "Forced labour" })));
        var cells = await page.Locator("tbody tr").First.Locator("td").EvaluateAllAsync<double[]>("cells => cells.map(c => c.getBoundingClientRect().left)");
        Assert.Equal(7, cells.Length);
        Assert.All(cells, left => Assert.Equal(cells[0], left, 1.0));
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "The case list scrolls sideways at 640 px.");
        await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("case-list-200-percent"), FullPage = true });
    }

    /// <summary>The text the stylesheet writes before a cell (its <c>::before</c> content, resolved), or "none".</summary>
    private static Task<string> Label(ILocator cell) => cell.EvaluateAsync<string>("""
        td => {
          const content = getComputedStyle(td, '::before').content;
          return content === 'none' || content === 'normal' ? 'none' : td.dataset.label + ': ';
        }
        """);
}
