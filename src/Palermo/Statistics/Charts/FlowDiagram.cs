using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Sankey-style flow diagram: origins (citizenship) on the left, destinations (country of detection)
/// on the right, one band per flow line with width proportional to the persons it carries. Only published
/// lines are drawn (hidden lines below the flow minimum never reach the chart); a secondary-suppressed line is
/// a thin dashed band labelled <c>x</c>, so its width reveals nothing.</summary>
public static class FlowDiagram
{
    /// <summary>
    /// Bands stay a little see-through so that crossing ones can be told apart, but a band alone over white must reach
    /// 3:1 (WCAG 1.4.11 non-text contrast): #1f4e79 at 0.75 is #577a9a, 4.5:1; at the former 0.45 it was 2.3:1.
    /// </summary>
    public const double BandOpacity = 0.75;

    public sealed record Flow(string Origin, string Destination, int? Value, string Shown);

    public static string Render(string title, IReadOnlyList<Flow> flows, int width = 720, int maxLines = 30)
    {
        var lines = flows.OrderByDescending(f => f.Value ?? 0).Take(maxLines).ToList();
        const int top = 44, gap = 8, nodeWidth = 14, labelSpace = 90;
        var scale = 300.0 / Math.Max(1, lines.Sum(f => f.Value ?? 0));
        double Thickness(Flow f) => f.Value is { } v ? Math.Max(2, v * scale) : 2;
        var origins = Layout(lines.GroupBy(f => f.Origin).Select(g => (g.Key, g.Sum(Thickness))), top, gap);
        var destinations = Layout(lines.GroupBy(f => f.Destination).Select(g => (g.Key, g.Sum(Thickness))), top, gap);
        // No line of at least 5 persons (a small filtered report) leaves both columns empty: draw the empty chart.
        var height = (int)Math.Max(origins.Values.Select(n => n.Y + n.H).DefaultIfEmpty(0).Max(), destinations.Values.Select(n => n.Y + n.H).DefaultIfEmpty(0).Max()) + 20;
        double xLeft = labelSpace, xRight = width - labelSpace;
        var description = string.Join("; ", lines.Select(f => $"{f.Origin} to {f.Destination}: {f.Shown}"));
        var svg = Svg.Open(width, Math.Max(height, 80), title, lines.Count == 0 ? "No flow line has at least 5 persons." : description);
        var usedLeft = origins.Keys.ToDictionary(k => k, _ => 0.0);
        var usedRight = destinations.Keys.ToDictionary(k => k, _ => 0.0);
        var lineLabels = new List<(double X, double Y, string Text)>();
        foreach (var f in lines)
        {
            var t = Thickness(f);
            var y1 = origins[f.Origin].Y + usedLeft[f.Origin] + (t / 2);
            var y2 = destinations[f.Destination].Y + usedRight[f.Destination] + (t / 2);
            usedLeft[f.Origin] += t;
            usedRight[f.Destination] += t;
            var (x1, x2) = (xLeft + nodeWidth, xRight);
            var mid = (x1 + x2) / 2;
            var dash = f.Value is null ? " stroke-dasharray=\"4 3\"" : "";
            svg.Append(CultureInfo.InvariantCulture,
                $"<path d=\"M{Svg.N(x1)},{Svg.N(y1)} C{Svg.N(mid)},{Svg.N(y1)} {Svg.N(mid)},{Svg.N(y2)} {Svg.N(x2)},{Svg.N(y2)}\" fill=\"none\" stroke=\"{ChartColours.Series[0]}\" stroke-opacity=\"{Svg.N(BandOpacity)}\" stroke-width=\"{Svg.N(t)}\"{dash}><title>{Svg.Escape($"{f.Origin} → {f.Destination}: {f.Shown}")}</title></path>");
            lineLabels.Add((x1 + 6, y1 + 4, f.Shown));
        }

        // Each line's count sits at its start, just right of the origin node, where bands do not yet overlap;
        // a white halo keeps it readable over the band.
        foreach (var (x, y, text) in lineLabels)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Svg.N(x)}\" y=\"{Svg.N(y)}\" fill=\"{Svg.Text}\" font-size=\"11\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{Svg.Escape(text)}</text>");
        }

        foreach (var (code, node) in origins)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Svg.N(xLeft)}\" y=\"{Svg.N(node.Y)}\" width=\"{nodeWidth}\" height=\"{Svg.N(node.H)}\" fill=\"{ChartColours.Series[1]}\"/>");
            Svg.Label(svg, xLeft - 6, node.Y + (node.H / 2) + 4, code, "end");
        }

        foreach (var (code, node) in destinations)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Svg.N(xRight)}\" y=\"{Svg.N(node.Y)}\" width=\"{nodeWidth}\" height=\"{Svg.N(node.H)}\" fill=\"{ChartColours.Series[2]}\"/>");
            Svg.Label(svg, xRight + nodeWidth + 6, node.Y + (node.H / 2) + 4, code);
        }

        return Svg.Close(svg);
    }

    private static Dictionary<string, (double Y, double H)> Layout(IEnumerable<(string Code, double Height)> nodes, double top, double gap)
    {
        var result = new Dictionary<string, (double Y, double H)>();
        var y = top;
        foreach (var (code, h) in nodes.OrderByDescending(n => n.Height))
        {
            result[code] = (y, Math.Max(h, 12));
            y += Math.Max(h, 12) + gap;
        }

        return result;
    }
}
