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
    /// white page as shown, with their opacity (WCAG 1.4.11); flow bands were drawn at 45 % opacity, 2.3:1. Not checked:
    /// heat-table cells, shaded by value from white, whose printed count carries the value (4.5:1, TextOn), and the
    /// hatch pattern (in defs) of a suppressed cell, which prints "&lt;5" or "x".
    /// </summary>
    [Theory]
    [MemberData(nameof(Charts))]
    public void Render_EveryChart_DataMarksReach3To1AgainstWhite(string svg)
    {
        XNamespace ns = "http://www.w3.org/2000/svg";
        var root = XDocument.Parse(svg).Root!;
        var marks = root.Descendants(ns + "path").Where(p => !p.Ancestors(ns + "defs").Any()).Select(p => (p, "stroke", "stroke-opacity"))
            .Concat(root.Descendants(ns + "rect").Where(r => ChartColours.Series.Contains((string?)r.Attribute("fill"))).Select(r => (r, "fill", "fill-opacity")))
            .ToList();
        foreach (var (e, paint, opacityName) in marks)
        {
            if ((string?)e.Attribute(paint) is not { } colour || colour == "none") continue;
            var opacity = double.Parse((string?)e.Attribute(opacityName) ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            var contrast = ChartColours.Contrast(ChartColours.OverWhite(colour, opacity), "#ffffff");
            Assert.True(contrast >= 3, $"{e.Name.LocalName} {paint} {colour} at {opacity}: {contrast:F2}:1");
        }
    }

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

    [Fact]
    public void BarChart_SuppressedValue_ShowsMarkNotNumberAndNoBar()
    {
        var svg = BarChart.Render("Test", [new ChartValue("Women", 120, "120"), new ChartValue("Boys", null, "<5")]);

        Assert.Contains("&lt;5", svg, StringComparison.Ordinal);
        Assert.Single(XDocument.Parse(svg).Descendants(XName.Get("rect", "http://www.w3.org/2000/svg")), r => (string?)r.Attribute("height") == "18");
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
