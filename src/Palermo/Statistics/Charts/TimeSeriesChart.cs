using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Persons per year as a line with labelled points. A suppressed year breaks the line and shows its
/// mark at the baseline instead of a point. Each year has an equal slot of the width, at least as wide as its
/// labels (in em), so neighbouring labels never meet.</summary>
public static class TimeSeriesChart
{
    public static string Render(string title, IReadOnlyList<ChartValue> years)
    {
        // In em: room above the highest point for its label, the plot's height, the year labels below the axis.
        const double top = 1.8, plot = 9, yearBase = 1.35, bottom = 1.75;
        var axis = top + plot;
        var max = Math.Max(1, years.Max(y => y.Value ?? 0));
        var slot = years.Max(y => Math.Max(Svg.Width(y.Label), Svg.Width(y.Shown))) + 1;
        var (minClass, _) = Svg.MinWidth(slot * years.Count);
        string X(int i) => Svg.Pct((i + 0.5) * 100 / years.Count);
        double Y(int v) => top + (plot * (1 - (v / (double)max)));
        var svg = Svg.Open("100%", axis + bottom, title, string.Join("; ", years.Select(y => $"{y.Label}: {y.Shown}")), minClass);
        svg.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"0\" y1=\"{Svg.Em(axis)}\" x2=\"100%\" y2=\"{Svg.Em(axis)}\" stroke=\"{Svg.Muted}\"/>");
        // Lines first, then points and labels over them. A suppressed year breaks the line.
        for (var i = 1; i < years.Count; i++)
        {
            if (years[i - 1].Value is { } a && years[i].Value is { } b)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line x1=\"{X(i - 1)}\" y1=\"{Svg.Em(Y(a))}\" x2=\"{X(i)}\" y2=\"{Svg.Em(Y(b))}\" stroke=\"{ChartColours.Series[0]}\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>");
            }
        }

        for (var i = 0; i < years.Count; i++)
        {
            var point = years[i];
            Svg.Label(svg, X(i), Svg.Em(axis + yearBase), point.Label, "middle");
            if (point.Value is { } v)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<circle cx=\"{X(i)}\" cy=\"{Svg.Em(Y(v))}\" r=\"4\" fill=\"{ChartColours.Series[0]}\"/>");
                Svg.Label(svg, X(i), Svg.Em(Y(v) - 0.55), point.Shown, "middle", halo: true);
            }
            else
            {
                Svg.Label(svg, X(i), Svg.Em(axis - 0.4), point.Shown, "middle", Svg.Muted);
            }
        }

        return Svg.Close(svg);
    }
}
