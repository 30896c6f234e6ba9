using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;
using Palermo.Demo;

namespace Palermo.Browser.Tests.Accessibility;

/// <summary>
/// WCAG 1.4.4 (resize text) as a user with low vision sets it: the browser's default font size at 32 px, twice
/// Chromium's 16 px (Settings → Appearance → Font size; "Very large" is 24 px), set through the browser's own font
/// preference, not a style sheet. At a 1280 px window and at 640 px the main signed-in pages must keep all their
/// content in view and usable: no sideways page scrolling, no text clipped (also with WCAG 1.4.12 text spacing), every
/// text grown with the setting, the header's links all in the window and clickable, and the lists stacked into one
/// block per row with each value led by its column's name, because at that size their columns no longer fit.
/// </summary>
public sealed class LargeTextTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int LargeFont = 32;
    private readonly List<string> _failures = [];

    [Fact]
    public async Task SignedInPages_WithA32pxDefaultFont_At1280And640_KeepContentInViewTheHeaderUsableAndListsLabelled()
    {
        app.RequireBrowser();
        var demo = await app.With(sp => sp.GetRequiredService<SeedDemo>().HandleAsync(60, 3, Actor.Cli));
        DemoCredential As(Role role) => demo.Credentials.Single(c => c.Role == role);

        var anonymous = await LargeTextPageAsync();
        await anonymous.GotoAsync($"{app.BaseUrl}/Account/SignIn");
        await CheckAsync(anonymous, "sign-in page");
        // A refused form adds its error summary and field errors: they must fit at this size too.
        await anonymous.GetByLabel("E-mail").FillAsync("someone@example.org");
        await anonymous.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(anonymous.Locator(".field-error, .form-errors").First).ToBeVisibleAsync();
        await CheckAsync(anonymous, "sign-in page, refused");

        var worker = await SignedInAsync(As(Role.CaseWorker));
        await CheckAsync(worker, "home (case worker)");
        await worker.GotoAsync($"{app.BaseUrl}/Cases");
        await Assertions.Expect(worker.Locator("tbody tr").First).ToBeVisibleAsync();
        await CheckAsync(worker, "case list", list: true);
        // The case list at 1280 px with 32 px text: 40em wide, too narrow for its seven columns. It stacks: no header
        // row, each value on its own line, led by its column's name.
        await worker.SetViewportSizeAsync(1280, 720);
        if (await worker.GetByRole(AriaRole.Columnheader, new() { Name = "Identified" }).IsVisibleAsync()) _failures.Add("case list at 1280 px: the header row is shown");
        var firstCase = worker.Locator("tbody tr").First.Locator("td");
        var identified = await LabelAsync(firstCase.And(worker.Locator("[data-label='Identified']")));
        if (identified != "Identified: ") _failures.Add($"case list at 1280 px: the identification date is led by \"{identified}\", not its column's name");
        var lefts = await firstCase.EvaluateAllAsync<double[]>("cells => cells.map(c => c.getBoundingClientRect().left)");
        if (lefts.Any(left => Math.Abs(left - lefts[0]) > 1)) _failures.Add("case list at 1280 px: a case's values are side by side, not one under the other");
        await worker.ScreenshotAsync(new() { Path = BrowserApp.ShotPath("case-list-32px-font-1280") });

        await worker.Locator("tbody tr").First.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(worker.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-");
        await CheckAsync(worker, "case page");
        await worker.GotoAsync($"{app.BaseUrl}/Referrals");
        await Assertions.Expect(worker.Locator("tbody tr").First).ToBeVisibleAsync();
        await CheckAsync(worker, "referrals", list: true);
        await worker.GotoAsync($"{app.BaseUrl}/Screening");
        await worker.GetByRole(AriaRole.Link, new() { Name = "Adult — labour exploitation" }).ClickAsync();
        await Assertions.Expect(worker.GetByRole(AriaRole.Button, new() { Name = "Record screening" })).ToBeVisibleAsync();
        await CheckAsync(worker, "screening form");
        await worker.GotoAsync($"{app.BaseUrl}/Cases/Register");
        await worker.GetByLabel("Birth date").FillAsync("2030-01-01");
        await worker.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(worker.Locator(".field-error").First).ToBeVisibleAsync();
        await CheckAsync(worker, "registration, refused");

        var orgAdmin = await SignedInAsync(As(Role.OrganisationAdministrator));
        await orgAdmin.GotoAsync($"{app.BaseUrl}/Admin/Users");
        await CheckAsync(orgAdmin, "users", list: true);

        var analyst = await SignedInAsync(As(Role.Analyst));
        await analyst.GotoAsync($"{app.BaseUrl}/Statistics");
        await Assertions.Expect(analyst.Locator("#chart-sex-age svg")).ToBeVisibleAsync();
        await CheckAsync(analyst, "statistics");

        Assert.True(_failures.Count == 0, $"{_failures.Count} problem(s) with a {LargeFont} px default font:\n" + string.Join("\n", _failures));
    }

    /// <summary>A new page in its own browser context (its own sign-in) with the default font at 32 px from the start.</summary>
    private async Task<IPage> LargeTextPageAsync()
    {
        var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 720 } });
        var page = await context.NewPageAsync();
        await LayoutChecks.SetDefaultFontSizeAsync(page, LargeFont);
        return page;
    }

    /// <summary>Signs in with the large font already set: the sign-in and code pages are used at that size too.</summary>
    private async Task<IPage> SignedInAsync(DemoCredential user)
    {
        var page = await LargeTextPageAsync();
        await app.SignInAsync(page, user.Email, user.Password, user.TotpSecret);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>
    /// The page as it is, at 1280×720 and 640×360 (a 1280 px window also zoomed to 200 %): the shared layout checks,
    /// text that follows the setting, a usable header, and every list table stacked (60em is 1920 px at this size);
    /// a <paramref name="list"/> page must have at least one.
    /// </summary>
    private async Task CheckAsync(IPage page, string name, bool list = false)
    {
        foreach (var (width, height) in new[] { (1280, 720), (640, 360) })
        {
            await page.SetViewportSizeAsync(width, height);
            var at = $"{name} at {width} px";
            foreach (var loss in await LayoutChecks.LossesAsync(page, sideways: true)) _failures.Add($"{at}: {loss}");
            foreach (var problem in await HeaderProblemsAsync(page)) _failures.Add($"{at}: header — {problem}");
            var tables = await page.EvaluateAsync<int[]>("""
                () => { const lists = [...document.querySelectorAll('table:not(.stats-table)')].filter(t => t.checkVisibility());
                        return [lists.length, lists.filter(t => !t.tHead || getComputedStyle(t.tHead).display !== 'none').length]; }
                """);
            if (list && tables[0] == 0) _failures.Add($"{at}: no list shown");
            if (tables[1] > 0) _failures.Add($"{at}: {tables[1]} of {tables[0]} list table(s) not stacked into labelled blocks");
        }

        foreach (var fixedText in await TextNotFollowingTheSettingAsync(page)) _failures.Add($"{name}: text stays small — {fixedText}");
    }

    /// <summary>
    /// The header's brand, links and the sign-out button must all be inside the window, not overlap one another, and
    /// take a click (Playwright's actionability check: visible, stable, enabled and not covered by anything else).
    /// </summary>
    private static async Task<List<string>> HeaderProblemsAsync(IPage page)
    {
        var problems = (await page.EvaluateAsync<string[]>("""
            () => {
              const items = [...document.querySelectorAll('header.top .brand, header.top nav a, header.top nav button')];
              const name = e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + '[' + items.indexOf(e) + ']';
              const boxes = items.map(e => [e, e.getBoundingClientRect()]);
              const found = [];
              for (const [e, r] of boxes) {
                if (r.width === 0 || r.height === 0) found.push(name(e) + ' is not shown');
                else if (r.left < 0 || r.right > window.innerWidth + 1) found.push(name(e) + ' is outside the window');
              }
              for (let i = 0; i < boxes.length; i++)
                for (let j = i + 1; j < boxes.length; j++) {
                  const [a, ra] = boxes[i], [b, rb] = boxes[j];
                  if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1)
                    found.push(name(a) + ' overlaps ' + name(b));
                }
              return found;
            }
            """)).ToList();
        var targets = page.Locator("header.top").Locator(".brand, nav a, nav button");
        for (var i = 0; i < await targets.CountAsync(); i++)
        {
            try
            {
                await targets.Nth(i).ClickAsync(new() { Trial = true, Timeout = 2_000 });
            }
            catch (TimeoutException)
            {
                problems.Add($"header item {i} cannot be clicked");
            }
        }

        return problems;
    }

    /// <summary>
    /// Every visible element with text of its own must be twice as large at a 32 px default as at 16 px: a size in px
    /// (here or in markup) would keep it small. The setting is changed on the live page and put back. SVG charts are
    /// left out: their text is scaled with the chart's width (docs/accessibility.md), and their figures are in the
    /// tables below them.
    /// </summary>
    private static async Task<List<string>> TextNotFollowingTheSettingAsync(IPage page)
    {
        const string sizes = """
            () => [...document.body.querySelectorAll('*')]
              .filter(e => e instanceof HTMLElement && !e.closest('svg') && e.checkVisibility()
                && [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== ''))
              .map(e => ({ name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join(''), px: parseFloat(getComputedStyle(e).fontSize) }))
            """;
        var large = await page.EvaluateAsync<TextSize[]>(sizes);
        await LayoutChecks.SetDefaultFontSizeAsync(page, 16);
        var normal = await page.EvaluateAsync<TextSize[]>(sizes);
        await LayoutChecks.SetDefaultFontSizeAsync(page, LargeFont);
        Assert.Equal(normal.Length, large.Length);
        return [.. large.Zip(normal).Where(p => Math.Abs(p.First.Px - 2 * p.Second.Px) > 0.5)
            .Select(p => $"{p.First.Name} is {p.First.Px} px, {p.Second.Px} px at the default size").Distinct()];
    }

    private sealed class TextSize
    {
        public string Name { get; set; } = "";
        public double Px { get; set; }
    }

    /// <summary>The text the stylesheet writes before a cell (its <c>::before</c> content, resolved), or "none".</summary>
    private static Task<string> LabelAsync(ILocator cell) => cell.EvaluateAsync<string>("""
        td => {
          const content = getComputedStyle(td, '::before').content;
          return content === 'none' || content === 'normal' ? 'none' : td.dataset.label + ': ';
        }
        """);
}
