using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;
using Palermo.Demo;
using Palermo.Statistics;
using Palermo.Statistics.Disclosure;
using Palermo.Statistics.Publications;
using Palermo.Statistics.Synthetic;

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
        // Every chart is there to be checked, with the demo's suppressed cells and flow lines.
        foreach (var id in ChartIds.All) await Assertions.Expect(analyst.Locator($"#{id} svg text").First).ToBeVisibleAsync();
        await CheckAsync(analyst, "statistics");

        Assert.True(_failures.Count == 0, $"{_failures.Count} problem(s) with a {LargeFont} px default font:\n" + string.Join("\n", _failures));
    }

    /// <summary>
    /// The charts with plenty to draw — a publication of 1,500 synthetic records over three years, as the chart unit
    /// tests use: flow lines from several origins, suppressed bars, years and heat-table cells — laid out by the app's
    /// own style sheet in the markup of the statistics pages (<c>_Snapshot.cshtml</c>: figure, caption, scroll region,
    /// SVG). With a 32 px default font at 1280 and 640 px, and at the default size at 1280, 640 and 320 px: no chart
    /// text overlaps another or is cut off, the page does not scroll sideways (a chart wider than its box scrolls in
    /// its own region), and every chart text is twice its default size. The bar charts, the years and the flows
    /// must also fit without scrolling at 640 px with the large font and at 320 px with the default, and the region
    /// heat table at 1280 px with the default.
    /// </summary>
    [Fact]
    public async Task Charts_OfAFullPublication_TextFollowsTheSetting_NeverOverlapsOrIsCutOff_From320To1280()
    {
        app.RequireBrowser();
        var countries = CountryTable.LoadDefault();
        var records = SyntheticRecordGenerator.Generate(new SyntheticOptions(1_500, 21, 2020, 2022), countries);
        var snapshot = StatisticsSnapshot.Build(Publication.Protect(StatisticsEngine.Compute(records, new StatisticsQuery(), countries)));
        Assert.Equal(ChartIds.All, snapshot.Charts.Select(c => c.Id));
        var figures = string.Concat(snapshot.Charts.Select(c =>
            $"<figure class=\"stats-chart\" id=\"{c.Id}\"><figcaption id=\"{c.Id}-caption\">{WebUtility.HtmlEncode(c.Title)}</figcaption>"
            + $"<div class=\"chart-scroll\" role=\"region\" aria-labelledby=\"{c.Id}-caption\" tabindex=\"0\">{c.Svg}</div></figure>"));
        var page = await LargeTextPageAsync();
        // On the app's own origin, so its style sheet and Content-Security-Policy apply as on its pages.
        await page.GotoAsync($"{app.BaseUrl}/Public/Statistics");
        await page.SetContentAsync($"<!DOCTYPE html><html lang=\"en\"><head><title>Charts</title><link rel=\"stylesheet\" href=\"{app.BaseUrl}/css/site.css\"></head>"
            + $"<body><main><div class=\"stats-charts\">{figures}</div></main></body></html>");
        await Assertions.Expect(page.Locator("main")).ToHaveCSSAsync("max-width", "2304px"); // 72rem at 32 px: the style sheet applies

        foreach (var (font, width) in new[] { (LargeFont, 1280), (LargeFont, 640), (16, 1280), (16, 640), (16, 320) })
        {
            await LayoutChecks.SetDefaultFontSizeAsync(page, font);
            await page.SetViewportSizeAsync(width, 720);
            var at = $"charts at {width} px, {font} px font";
            foreach (var loss in await LayoutChecks.LossesAsync(page, sideways: true)) _failures.Add($"{at}: {loss}");
            foreach (var problem in await ChartTextProblemsAsync(page)) _failures.Add($"{at}: {problem}");
            if ((width == 640 && font == LargeFont) || width == 320)
            {
                foreach (var id in new[] { ChartIds.SexAge, ChartIds.Form, ChartIds.TimeSeries, ChartIds.Flows })
                {
                    if (await page.Locator($"#{id} .chart-scroll").EvaluateAsync<bool>("r => r.scrollWidth > r.clientWidth + 1")) _failures.Add($"{at}: {id} does not fit its box");
                }
            }

            // The wide heat table fits a desktop window at the default size; larger, it scrolls in its region.
            if (width == 1280 && font == 16 && await page.Locator($"#{ChartIds.Regions} .chart-scroll").EvaluateAsync<bool>("r => r.scrollWidth > r.clientWidth + 1"))
            {
                _failures.Add($"{at}: {ChartIds.Regions} does not fit its box");
            }
        }

        await page.SetViewportSizeAsync(640, 720);
        await LayoutChecks.SetDefaultFontSizeAsync(page, LargeFont);
        foreach (var fixedText in await TextNotFollowingTheSettingAsync(page)) _failures.Add($"charts: text stays small — {fixedText}");
        // The window only: a full-page screenshot lays the page out again without the font setting.
        foreach (var id in ChartIds.All)
        {
            await page.Locator($"#{id}").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = BrowserApp.ShotPath($"{id}-32px-font-640") });
        }

        Assert.True(_failures.Count == 0, $"{_failures.Count} problem(s) with the charts:\n" + string.Join("\n", _failures));
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
            foreach (var problem in await ChartTextProblemsAsync(page)) _failures.Add($"{at}: chart — {problem}");
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
    /// (here or in markup) would keep it small. The setting is changed on the live page and put back. Text in SVG
    /// charts is included (since session 19) and measured as shown: its font size times the scale the chart is drawn
    /// at, so a chart that fits its text to its own width (a viewBox) is found even though its font size is the same.
    /// </summary>
    private static async Task<List<string>> TextNotFollowingTheSettingAsync(IPage page)
    {
        const string sizes = """
            () => [...document.body.querySelectorAll('*')]
              .filter(e => (e instanceof HTMLElement || e instanceof SVGTextContentElement) && e.checkVisibility()
                && [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== ''))
              .map(e => ({
                name: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('')
                  + (e instanceof SVGElement ? ' in ' + (e.closest('figure')?.id || 'an svg') : ''),
                px: parseFloat(getComputedStyle(e).fontSize) * (e instanceof SVGElement ? Math.hypot(e.getScreenCTM().a, e.getScreenCTM().b) : 1) }))
            """;
        var large = await page.EvaluateAsync<TextSize[]>(sizes);
        await LayoutChecks.SetDefaultFontSizeAsync(page, 16);
        var normal = await page.EvaluateAsync<TextSize[]>(sizes);
        await LayoutChecks.SetDefaultFontSizeAsync(page, LargeFont);
        Assert.Equal(normal.Length, large.Length);
        return [.. large.Zip(normal).Where(p => Math.Abs(p.First.Px - 2 * p.Second.Px) > 0.5)
            .Select(p => $"{p.First.Name} is {p.First.Px:0.#} px, {p.Second.Px:0.#} px at the default size").Distinct()];
    }

    /// <summary>
    /// Chart text as the reader meets it: in every chart, each visible text lies wholly inside the chart's box (the
    /// SVG clips what sticks out; a chart wider than the page scrolls in its own region, which loses nothing), and no
    /// two texts overlap. Texts are named by their chart's figure id and their place in it, not by what they say.
    /// </summary>
    private static async Task<string[]> ChartTextProblemsAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => {
          const found = [];
          for (const svg of document.querySelectorAll('figure svg')) {
            if (!svg.checkVisibility() || svg.parentElement.closest('svg')) continue;
            const chart = svg.closest('figure').id || 'a chart';
            const box = svg.getBoundingClientRect();
            const texts = [...svg.querySelectorAll('text')].filter(t => t.checkVisibility() && t.textContent.trim() !== '')
              .map((t, i) => [i, t.getBoundingClientRect()]);
            if (texts.length === 0) found.push(chart + ' shows no text');
            for (const [i, r] of texts)
              if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
                found.push(`${chart}: text ${i} is cut off by the chart's edge`);
            for (let a = 0; a < texts.length; a++)
              for (let b = a + 1; b < texts.length; b++) {
                const [i, ra] = texts[a], [j, rb] = texts[b];
                if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1)
                  found.push(`${chart}: text ${i} overlaps text ${j}`);
              }
          }
          return found;
        }
        """);

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
