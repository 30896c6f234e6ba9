using System.Xml.Linq;
using Palermo.Statistics;
using Palermo.Statistics.Charts;
using Palermo.Statistics.Disclosure;

namespace Palermo.Tests.Statistics;

public sealed class ChartTests
{
    private static readonly Lazy<Publication> Protected = new(() =>
        Publication.Protect(StatisticsEngine.Compute(TestData.Records(1_500, 21, 2020, 2022), new StatisticsQuery(), TestData.Countries)));

    public static TheoryData<string> Charts()
    {
        var p = Protected.Value;
        var year = p.Systems[^1];
        return new TheoryData<string>
        {
            StatisticsCharts.BySexAndAge(p, year),
            StatisticsCharts.ByForm(p, year),
            StatisticsCharts.TimeSeries(p, Indicator.DetectedVictims),
            StatisticsCharts.Flows(p, year),
            StatisticsCharts.Flows(p, year, recruitment: true),
            StatisticsCharts.RegionMatrix(p, year),
        };
    }

    /// <summary>
    /// The marks that draw data — flow bands and lines (paths), bars (rects in a series colour) — stand out 3:1 from the
    /// white page as shown, with their opacity (WCAG 1.4.11); flow bands were drawn at 45 % opacity, 2.3:1. A suppressed
    /// heat-table cell (a rect filled with a pattern) is checked too, see <see cref="AssertSuppressedCellsStandOut"/>.
    /// Not checked: the shaded heat-table cells, shaded by value from white, whose printed count carries the value
    /// (4.5:1, TextOn).
    /// </summary>
    [Theory]
    [MemberData(nameof(Charts))]
    public void Render_EveryChart_DataMarksReach3To1AgainstWhite(string svg)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var root = XDocument.Parse(svg).Root!;
        var paths = root.Descendants(ns + "path").Where(p => !p.Ancestors(ns + "defs").Any()).ToList();
        var marks = paths.Select(p => (p, "stroke", "stroke-opacity"))
            .Concat(paths.Select(p => (p, "fill", "fill-opacity")))
            .Concat(root.Descendants(ns + "line").Where(l => ChartColours.Series.Contains((string?)l.Attribute("stroke"))).Select(l => (l, "stroke", "stroke-opacity")))
            .Concat(root.Descendants(ns + "rect").Where(r => ChartColours.Series.Contains((string?)r.Attribute("fill"))).Select(r => (r, "fill", "fill-opacity")))
            .ToList();
        Assert.True(marks.Count > 0 || root.Descendants(ns + "pattern").Any(), "no data mark found to check"); // the heat table's are checked below
        foreach (var (e, paint, opacityName) in marks)
        {
            // A path's fill defaults to black: only the paint the chart sets is checked.
            if ((string?)e.Attribute(paint) is not { } colour || colour == "none") continue;
            var opacity = double.Parse((string?)e.Attribute(opacityName) ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var contrast = ChartColours.Contrast(ChartColours.OverWhite(colour, opacity), "#ffffff");
            Assert.True(contrast >= 3, $"{e.Name.LocalName} {paint} {colour} at {opacity}: {contrast:F2}:1");
        }

        AssertSuppressedCellsStandOut(root);
    }

    /// <summary>
    /// A suppressed heat-table cell is told apart by its hatch and border, not by a shade (WCAG 1.4.11): the hatch
    /// lines reach 3:1 against white (the gap around every cell, the page) and against the hatch's own ground; the
    /// border reaches 3:1 against white and the cells keep a gap between them, so white is what the border touches;
    /// every other cell's shade reaches 3:1 against the hatch lines or their ground, so the cell stands out beside
    /// any neighbour; and the "&lt;5" or "x" reaches 4.5:1 against every colour behind it. The old hatch, #b3b3b3
    /// lines on #e6e6e6 with a white border, failed (2.1:1).
    /// </summary>
    private static void AssertSuppressedCellsStandOut(XElement root)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var patterns = root.Descendants(ns + "pattern").ToDictionary(p => (string)p.Attribute("id")!);
        if (patterns.Count == 0) return;
        // The chart's white background (100 % of it) is the page white the checks below already use.
        var rects = root.Descendants(ns + "rect").Where(r => !r.Ancestors(ns + "defs").Any() && (string?)r.Attribute("width") != "100%").ToList();
        var suppressed = rects.Where(r => ((string?)r.Attribute("fill"))?.StartsWith("url(#", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(suppressed); // the test data suppresses some cells; without them this test checks nothing
        // The shaded cells: the heat table draws them with a white edge.
        var shaded = rects.Where(r => (string?)r.Attribute("stroke") == "#ffffff" && ((string?)r.Attribute("fill"))?.StartsWith('#') == true).ToList();
        foreach (var cell in suppressed)
        {
            var cells = shaded.Where(n => n != cell).ToList();
            var pattern = patterns[((string)cell.Attribute("fill")!)[5..^1]];
            var ground = pattern.Elements(ns + "rect").Select(r => (string)r.Attribute("fill")!).ToList();
            var lines = pattern.Elements(ns + "path").Select(p => (string)p.Attribute("stroke")!).ToList();
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                foreach (var behind in ground.Append("#ffffff"))
                {
                    var c = ChartColours.Contrast(line, behind);
                    Assert.True(c >= 3, $"suppressed cell: hatch {line} against {behind}: {c:F2}:1");
                }
            }

            var border = (string?)cell.Attribute("stroke") ?? "none";
            var edge = border == "none" ? 1 : ChartColours.Contrast(border, "#ffffff");
            Assert.True(edge >= 3, $"suppressed cell: border {border} against the white gap: {edge:F2}:1");
            Assert.All(cells, n => Assert.True(Box(n).Right < Box(cell).Left || Box(n).Left > Box(cell).Right || Box(n).Bottom < Box(cell).Top || Box(n).Top > Box(cell).Bottom,
                "suppressed cell touches a neighbour: no white gap between them"));
            foreach (var shade in cells.Select(n => (string)n.Attribute("fill")!).Distinct())
            {
                var best = lines.Concat(ground).Max(c => ChartColours.Contrast(shade, c));
                Assert.True(best >= 3, $"suppressed cell beside a {shade} cell: at best {best:F2}:1");
            }

            // What is behind the text: the last rect drawn under its middle (a plate), or the hatch itself.
            var box = Box(cell);
            // Heat-table lengths are all in em; a text's middle is about a third of an em above its baseline.
            foreach (var text in root.Descendants(ns + "text").Where(t => Inside(box, Num(t, "x"), Num(t, "y") - 0.35)))
            {
                var (x, y) = (Num(text, "x"), Num(text, "y") - 0.35);
                var under = rects.TakeWhile(r => r.IsBefore(text)).LastOrDefault(r => Inside(Box(r), x, y))!;
                var behind = under == cell ? ground.Concat(lines) : [(string)under.Attribute("fill")!];
                foreach (var colour in behind)
                {
                    var c = ChartColours.Contrast((string)text.Attribute("fill")!, colour);
                    Assert.True(c >= 4.5, $"suppressed cell: \"{text.Value}\" against {colour}: {c:F2}:1");
                }
            }
        }
    }

    /// <summary>A length attribute in em (the heat table's unit), as a number; a missing x or y is 0, as in SVG.</summary>
    private static double Num(XElement e, string name)
    {
        var value = (string?)e.Attribute(name) ?? "0";
        Assert.True(value == "0" || value.EndsWith("em", StringComparison.Ordinal), $"{e.Name.LocalName} {name}=\"{value}\" is not in em");
        return double.Parse(value.TrimEnd('e', 'm'), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A rect's area including half its stroke, which is drawn on its edge.</summary>
    private static (double Left, double Top, double Right, double Bottom) Box(XElement r)
    {
        var half = (string?)r.Attribute("stroke") is null or "none" ? 0 : Num(r, "stroke-width") / 2;
        return (Num(r, "x") - half, Num(r, "y") - half, Num(r, "x") + Num(r, "width") + half, Num(r, "y") + Num(r, "height") + half);
    }

    private static bool Inside((double Left, double Top, double Right, double Bottom) b, double x, double y) =>
        x >= b.Left && x <= b.Right && y >= b.Top && y <= b.Bottom;

    [Theory]
    [MemberData(nameof(Charts))]
    public void Render_EveryChart_AccessibleSelfContainedSvg(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal(ns + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.False(string.IsNullOrWhiteSpace((string?)root.Attribute("aria-label")));
        Assert.False(string.IsNullOrWhiteSpace(root.Element(ns + "title")?.Value));
        Assert.NotEmpty(root.Descendants(ns + "text"));
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", svg, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Chart text follows the reader's font setting (WCAG 1.4.4): the chart is not scaled to its box (no viewBox on
    /// the chart itself; only the flow diagram's bands are drawn in a stretched inner plane, which holds no text), no
    /// text has a size of its own, and every text is placed in em or % (so the room around it grows with it). Charts
    /// were drawn in a 640-unit viewBox with text of 13 and 16 units, which shrank with the chart.
    /// (LargeTextTests checks the same in Chromium, with the text measured as shown.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Charts))]
    public void Render_EveryChart_TextFollowsThePageFont(string svg)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var root = XDocument.Parse(svg).Root!;

        Assert.Null(root.Attribute("viewBox"));
        Assert.Null(root.Attribute("font-size"));
        Assert.EndsWith("em", (string?)root.Attribute("height"), StringComparison.Ordinal);
        Assert.DoesNotContain(root.Descendants(), e => e.Attribute("font-size") is not null);
        foreach (var text in root.Descendants(ns + "text"))
        {
            Assert.DoesNotContain(text.Ancestors(ns + "svg"), s => s != root);
            foreach (var name in new[] { "x", "y", "dx" })
            {
                var value = (string?)text.Attribute(name) ?? "0";
                Assert.True(value == "0" || value.EndsWith("em", StringComparison.Ordinal) || value.EndsWith('%'), $"\"{text.Value}\" {name}=\"{value}\"");
            }
        }
    }

    [Fact]
    public void BarChart_SuppressedValue_ShowsMarkNotNumberAndNoBar()
    {
        var svg = BarChart.Render("Test", [new ChartValue("Women", 120, "120"), new ChartValue("Boys", null, "<5")]);

        Assert.Contains("&lt;5", svg, StringComparison.Ordinal);
        Assert.Single(XDocument.Parse(svg).Descendants(XName.Get("rect", "http://www.w3.org/2000/svg")), r => (string?)r.Attribute("fill") == ChartColours.Series[0]);
    }

    /// <summary>A filtered report can leave no flow line of at least 5 persons: the chart says so, not an empty box.</summary>
    [Fact]
    public void FlowDiagram_NoLine_SaysSoInTheChart()
    {
        var svg = FlowDiagram.Render("Flows", []);

        var texts = XDocument.Parse(svg).Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value);
        Assert.Equal("No flow line has at least 5 persons.", string.Join(" ", texts));
    }

    [Fact]
    public void HeatTable_SuppressedCellsOfRealPublication_NeverPrintTrueCount()
    {
        var p = Protected.Value;
        foreach (var system in p.Systems)
        {
            var table = system.System.Tables.Single(t => t.Id == "REGION");
            var texts = XDocument.Parse(StatisticsCharts.RegionMatrix(p, system)).Descendants(XName.Get("text", "http://www.w3.org/2000/svg"))
                .Select(t => t.Value).ToList();
            var suppressed = table.Cells.Cast<int>().Count(c => system.Status[c] != CellStatus.Published);
            Assert.Equal(suppressed, texts.Count(t => t is "<5" or "x"));
            Assert.DoesNotContain(texts, t => int.TryParse(t, out var n) && n is > 0 and < 5);
        }
    }

    /// <summary>
    /// Whatever a suppressed cell's neighbours are shaded, the cell stands out: every shade of the heat scale reaches 3:1
    /// against the hatch lines or against their white ground (the render test checks the shades of one real table).
    /// </summary>
    [Fact]
    public void HeatTable_SuppressedHatch_StandsOutBesideEveryShade()
    {
        for (var t = 0.0; t <= 1.0; t += 0.001)
        {
            var shade = ChartColours.Heat(t);
            var best = Math.Max(ChartColours.Contrast(shade, HeatTable.Hatch), ChartColours.Contrast(shade, "#ffffff"));
            Assert.True(best >= 3, $"{shade}: at best {best:F2}:1");
        }
    }

    [Fact]
    public void TextOn_EveryHeatShade_ContrastAtLeast4Point5()
    {
        for (var t = 0.0; t <= 1.0; t += 0.01)
        {
            var fill = ChartColours.Heat(t);
            Assert.True(ChartColours.Contrast(fill, ChartColours.TextOn(fill)) >= 4.5, fill);
        }

        Assert.All(ChartColours.Series, c => Assert.True(ChartColours.Contrast(c, "#ffffff") >= 4.5, c));
    }
}
