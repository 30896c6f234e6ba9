using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Horizontal bar chart (persons by sex and age, by form of exploitation). A suppressed value gets no
/// bar, only its mark (<c>&lt;5</c> or <c>x</c>), so the true count cannot be read off the bar length.</summary>
public static class BarChart
{
    public static string Render(string title, IReadOnlyList<ChartValue> bars, int width = 640)
    {
        const int top = 40, rowHeight = 28, labelWidth = 190, valueWidth = 70;
        var height = top + (bars.Count * rowHeight) + 16;
        var max = Math.Max(1, bars.Max(b => b.Value ?? 0));
        var plot = width - labelWidth - valueWidth - 12;
        var description = string.Join("; ", bars.Select(b => $"{b.Label}: {b.Shown}"));
        var svg = Svg.Open(width, height, title, description);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + (i * rowHeight);
            Svg.Label(svg, labelWidth - 8, y + 18, bar.Label, "end");
            var length = bar.Value is { } v ? plot * v / (double)max : 0;
            if (length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{labelWidth}\" y=\"{y + 5}\" width=\"{Svg.N(length)}\" height=\"{rowHeight - 10}\" fill=\"{ChartColours.Series[0]}\"/>");
            }

            Svg.Label(svg, labelWidth + length + 6, y + 18, bar.Shown, colour: bar.Value is null ? Svg.Muted : Svg.Text);
        }

        return Svg.Close(svg);
    }
}
