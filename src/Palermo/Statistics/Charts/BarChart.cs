using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Horizontal bar chart (persons by sex and age, by form of exploitation). A suppressed value gets no
/// bar, only its mark (<c>&lt;5</c> or <c>x</c>), so the true count cannot be read off the bar length.
/// Each bar has its label on the line above it, so a long label never crowds the bars at any width or text size;
/// the value follows the bar's end.</summary>
public static class BarChart
{
    /// <summary>The share of the width the longest bar takes; the rest holds its value.</summary>
    private const double Reach = 75;

    public static string Render(string title, IReadOnlyList<ChartValue> bars)
    {
        // In em: the label's baseline, the bar's top and height, and the value's baseline, from the row's top.
        const double top = 0.3, pitch = 2.75, labelBase = 0.95, barTop = 1.35, barHeight = 0.95, valueBase = 2.2;
        var height = top + (bars.Count * pitch) + 0.2;
        var max = Math.Max(1, bars.Max(b => b.Value ?? 0));
        // Narrowest width: every label fits on its line, and the longest bar's value fits in the rest after it.
        var (minClass, _) = Svg.MinWidth(Math.Max(
            bars.Max(b => Svg.Width(b.Label)) + 0.5,
            (bars.Max(b => Svg.Width(b.Shown)) + 0.8) * 100 / (100 - Reach)));
        var description = string.Join("; ", bars.Select(b => $"{b.Label}: {b.Shown}"));
        var svg = Svg.Open("100%", height, title, description, minClass);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + (i * pitch);
            Svg.Label(svg, "0", Svg.Em(y + labelBase), bar.Label);
            var length = bar.Value is { } v ? Reach * v / max : 0;
            if (length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"0\" y=\"{Svg.Em(y + barTop)}\" width=\"{Svg.Pct(length)}\" height=\"{Svg.Em(barHeight)}\" fill=\"{ChartColours.Series[0]}\"/>");
            }

            Svg.Label(svg, Svg.Pct(length), Svg.Em(y + valueBase), bar.Shown, colour: bar.Value is null ? Svg.Muted : Svg.Text, dx: length > 0 ? 0.4 : 0);
        }

        return Svg.Close(svg);
    }
}
