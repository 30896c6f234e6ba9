using Microsoft.Playwright;

namespace Palermo.Browser.Tests.Accessibility;

/// <summary>
/// The checks that depend on a page's width and text size, shared by the sweep (<see cref="AccessibilityTests"/>) and
/// the large-text test (<see cref="LargeTextTests"/>). Each returns what a user would lose, naming elements by tag, id,
/// class and role only: an accessible name can be a person's name.
/// </summary>
internal static class LayoutChecks
{
    /// <summary>
    /// At whatever width and text size the page has now: it must not scroll sideways (WCAG 1.4.10 reflow; wide tables
    /// scroll inside their own region) when <paramref name="sideways"/> is set, no text may be lost to WCAG 1.4.12 text
    /// spacing, and where lists stack every shown cell must carry its column's name.
    /// </summary>
    public static async Task<List<string>> LossesAsync(IPage page, bool sideways)
    {
        var losses = new List<string>();
        if (sideways && await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"))
        {
            // Name the widest elements that stick out by tag, id and class only.
            var wide = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main *, header *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
                  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join(''))
                """);
            losses.Add($"reflow (WCAG 1.4.10) — the page scrolls sideways at {string.Join(", ", wide)}");
        }

        foreach (var loss in await TextSpacingLossesAsync(page)) losses.Add($"text spacing (WCAG 1.4.12) — {loss}");

        // Where lists stack, their header row is hidden: every shown cell must carry its column's name.
        var unlabelled = await page.EvaluateAsync<int>("""
            () => [...document.querySelectorAll('table:not(.stats-table) > tbody > tr > td')]
              .filter(td => td.checkVisibility() && td.innerText.trim() !== '' && !td.dataset.label
                && getComputedStyle(td.closest('table').tHead ?? td).display === 'none').length
            """);
        if (unlabelled > 0) losses.Add($"{unlabelled} stacked list cell(s) without their column's name (WCAG 1.3.1)");
        return losses;
    }

    /// <summary>The spacing a user may set with a bookmarklet or extension, as WCAG 1.4.12 states it.</summary>
    private const string TextSpacingCss =
        "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";

    /// <summary>
    /// Sets WCAG 1.4.12 text spacing on the page, lists where text is lost (an element with text that overflows a box
    /// that clips it, or a page that now scrolls sideways), then takes the spacing off again so later checks see the
    /// page as it was. Form fields, whose own text scrolls inside them, and SVG charts are not measured.
    /// </summary>
    public static async Task<string[]> TextSpacingLossesAsync(IPage page) =>
        // A constructed style sheet, not a <style> tag (page.AddStyleTagAsync): the app's Content-Security-Policy
        // (style-src 'self') blocks inline styles, and rightly; the CSS object model is not subject to it.
        await page.EvaluateAsync<string[]>("""
            css => {
              const sheet = new CSSStyleSheet();
              sheet.replaceSync(css);
              document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
              try {
                const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('')
                  + (e.getAttribute('role') ? '[role=' + e.getAttribute('role') + ']' : '');
                const clips = v => v === 'hidden' || v === 'clip';
                const lost = [];
                for (const e of document.body.querySelectorAll('*')) {
                  if (!(e instanceof HTMLElement) || e.matches('input, select, textarea, option') || !e.checkVisibility()) continue;
                  // A 1-pixel box is text kept for screen readers only, clipped on purpose.
                  if (e.clientWidth <= 1 || e.clientHeight <= 1) continue;
                  const cs = getComputedStyle(e);
                  const x = clips(cs.overflowX) && e.scrollWidth > e.clientWidth + 1;
                  const y = clips(cs.overflowY) && e.scrollHeight > e.clientHeight + 1;
                  if ((x || y) && e.innerText.trim() !== '') lost.push(name(e) + ' clips its text ' + (x ? 'at the side' : 'at the bottom'));
                }
                if (document.documentElement.scrollWidth > window.innerWidth + 1) {
                  const wide = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1));
                  lost.push('the page scrolls sideways at ' + wide.slice(0, 3).map(name).join(', '));
                }
                return lost;
              } finally {
                document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== sheet);
              }
            }
            """, TextSpacingCss);

    /// <summary>
    /// Sets the browser's default font size for this page, as Chromium's Settings → Appearance → Font size does (the
    /// same WebPreferences, through the DevTools protocol; no style sheet is added), and checks that the page took it.
    /// Chromium's defaults are 16 px (standard) and 13 px (fixed width); both are scaled alike. The setting survives
    /// navigation within the page; the DevTools session is left attached, so the setting lasts as long as the page.
    /// </summary>
    public static async Task SetDefaultFontSizeAsync(IPage page, int pixels)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Page.setFontSizes", new Dictionary<string, object>
        {
            ["fontSizes"] = new Dictionary<string, object> { ["standard"] = pixels, ["fixed"] = pixels * 13 / 16 },
        });
        Assert.Equal($"{pixels}px", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize"));
    }
}
