using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Persons per year as a line with labelled points. A suppressed year breaks the line and shows its
/// mark at the baseline instead of a point.</summary>
public static class TimeSeriesChart
{
    public static string Render(string title, IReadOnlyList<ChartValue> years, int width = 640, int height = 300)
    {
        const int left = 50, right = 20, top = 50, bottom = 40;
        var max = Math.Max(1, years.Max(y => y.Value ?? 0));
        var step = years.Count > 1 ? (width - left - right) / (double)(years.Count - 1) : 0;
        double X(int i) => left + (years.Count > 1 ? i * step : (width - left - right) / 2.0);
        double Y(int v) => top + ((height - top - bottom) * (1 - (v / (double)max)));
        var svg = Svg.Open(width, height, title, string.Join("; ", years.Select(y => $"{y.Label}: {y.Shown}")));
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - right}\" y2=\"{height - bottom}\" stroke=\"{Svg.Muted}\"/>");
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<polyline points=\"{string.Join(' ', segment)}\" fill=\"none\" stroke=\"{ChartColours.Series[0]}\" stroke-width=\"2.5\"/>");
            }

            segment.Clear();
        }

        for (var i = 0; i < years.Count; i++)
        {
            var point = years[i];
            Svg.Label(svg, X(i), height - bottom + 18, point.Label, "middle");
            if (point.Value is { } v)
            {
                segment.Add($"{Svg.N(X(i))},{Svg.N(Y(v))}");
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle cx=\"{Svg.N(X(i))}\" cy=\"{Svg.N(Y(v))}\" r=\"4\" fill=\"{ChartColours.Series[0]}\"/>");
                Svg.Label(svg, X(i), Y(v) - 9, point.Shown, "middle");
            }
            else
            {
                Flush();
                Svg.Label(svg, X(i), height - bottom - 6, point.Shown, "middle", Svg.Muted);
            }
        }

        Flush();
        return Svg.Close(svg);
    }
}
