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

    /// <summary>In em: the height all bands share, the thinnest band, the room a line's count needs at its start, the
    /// gap between nodes.</summary>
    private const double Bands = 16, Thinnest = 0.15, LabelSlot = 1.3, Gap = 0.5, Top = 0.4;

    /// <summary>A node's width, in % of the chart's width.</summary>
    private const double NodeWidth = 2.5;

    public sealed record Flow(string Origin, string Destination, int? Value, string Shown);

    public static string Render(string title, IReadOnlyList<Flow> flows, int maxLines = 30)
    {
        var lines = flows.OrderByDescending(f => f.Value ?? 0).Take(maxLines).ToList();
        var scale = Bands / Math.Max(1, lines.Sum(f => f.Value ?? 0));
        double Thickness(Flow f) => f.Value is { } v ? Math.Max(Thinnest, v * scale) : Thinnest;
        // A line leaves its origin in a slot tall enough for its count, so the counts of one origin never overlap.
        double Slot(Flow f) => Math.Max(Thickness(f), LabelSlot);
        var origins = Layout(lines.GroupBy(f => f.Origin).Select(g => (g.Key, g.Sum(Slot))));
        var destinations = Layout(lines.GroupBy(f => f.Destination).Select(g => (g.Key, g.Sum(Thickness))));
        // No line of at least 5 persons (a small filtered report) leaves both columns empty: say so in the chart.
        const string none = "No flow line has at least 5 persons.";
        var height = Math.Max(origins.Values.Concat(destinations.Values).Select(n => n.Y + n.H).DefaultIfEmpty(0).Max() + Top, 3);

        // Across, in % of the narrowest width: origin labels, the origin nodes, the bands (room for a count and then
        // some), the destination nodes, their labels.
        var left = origins.Keys.Select(Svg.Width).DefaultIfEmpty(0).Max() + 0.6;
        var right = destinations.Keys.Select(Svg.Width).DefaultIfEmpty(0).Max() + 0.6;
        var counts = lines.Select(f => Svg.Width(f.Shown)).DefaultIfEmpty(0).Max() + 0.6;
        var noneLines = Svg.Wrap(none, 20);
        var (minClass, narrowest) = Svg.MinWidth(lines.Count == 0 ? noneLines.Max(Svg.Width) + 0.6 : (left + right + counts + 6) / (1 - (2 * NodeWidth / 100)));
        var xLeft = left * 100 / narrowest;
        var xRight = 100 - (right * 100 / narrowest) - NodeWidth;
        var (x1, x2) = (xLeft + NodeWidth, xRight);
        var mid = (x1 + x2) / 2;

        var description = string.Join("; ", lines.Select(f => $"{f.Origin} to {f.Destination}: {f.Shown}"));
        var svg = Svg.Open("100%", height, title, lines.Count == 0 ? none : description, minClass);
        if (lines.Count == 0)
        {
            for (var i = 0; i < noneLines.Count; i++) Svg.Label(svg, "0", Svg.Em(1.2 + (i * 1.3)), noneLines[i], colour: Svg.Muted);
            return Svg.Close(svg);
        }

        // Bands and nodes are drawn in a plane stretched to the chart: 100 units across (%), one unit down per em.
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg width=\"100%\" height=\"100%\" viewBox=\"0 0 100 {Svg.N(height)}\" preserveAspectRatio=\"none\">");
        var usedLeft = origins.Keys.ToDictionary(k => k, _ => 0.0);
        var usedRight = destinations.Keys.ToDictionary(k => k, _ => 0.0);
        var counted = new List<(double Y, string Text)>();
        foreach (var f in lines)
        {
            var t = Thickness(f);
            var origin = origins[f.Origin];
            var destination = destinations[f.Destination];
            var y1 = origin.Y + usedLeft[f.Origin] + (Slot(f) / 2);
            // A destination drawn taller than its bands (the smallest height) has them in its middle.
            var y2 = destination.Y + ((destination.H - destination.Sum) / 2) + usedRight[f.Destination] + (t / 2);
            usedLeft[f.Origin] += Slot(f);
            usedRight[f.Destination] += t;
            var name = $"<title>{Svg.Escape($"{f.Origin} → {f.Destination}: {f.Shown}")}</title>";
            if (f.Value is null)
            {
                // A suppressed line: a thin dashed line whose width says nothing; its stroke is not stretched.
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path d=\"M{Svg.N(x1)},{Svg.N(y1)} C{Svg.N(mid)},{Svg.N(y1)} {Svg.N(mid)},{Svg.N(y2)} {Svg.N(x2)},{Svg.N(y2)}\" fill=\"none\" stroke=\"{ChartColours.Series[0]}\" stroke-opacity=\"{Svg.N(BandOpacity)}\" stroke-width=\"2\" stroke-dasharray=\"4 3\" vector-effect=\"non-scaling-stroke\">{name}</path>");
            }
            else
            {
                // A band is the area between two curves, so stretching the plane keeps its thickness in em.
                var h = t / 2;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path d=\"M{Svg.N(x1)},{Svg.N(y1 - h)} C{Svg.N(mid)},{Svg.N(y1 - h)} {Svg.N(mid)},{Svg.N(y2 - h)} {Svg.N(x2)},{Svg.N(y2 - h)} L{Svg.N(x2)},{Svg.N(y2 + h)} C{Svg.N(mid)},{Svg.N(y2 + h)} {Svg.N(mid)},{Svg.N(y1 + h)} {Svg.N(x1)},{Svg.N(y1 + h)} Z\" fill=\"{ChartColours.Series[0]}\" fill-opacity=\"{Svg.N(BandOpacity)}\">{name}</path>");
            }

            counted.Add((y1, f.Shown));
        }

        foreach (var (_, node) in origins)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Svg.N(xLeft)}\" y=\"{Svg.N(node.Y)}\" width=\"{Svg.N(NodeWidth)}\" height=\"{Svg.N(node.H)}\" fill=\"{ChartColours.Series[1]}\"/>");
        }

        foreach (var (_, node) in destinations)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Svg.N(xRight)}\" y=\"{Svg.N(node.Y)}\" width=\"{Svg.N(NodeWidth)}\" height=\"{Svg.N(node.H)}\" fill=\"{ChartColours.Series[2]}\"/>");
        }

        svg.Append("</svg>");

        // Text outside the stretched plane, so it is never distorted. Each line's count sits at its start, just
        // right of the origin node, where bands do not yet overlap; a white halo keeps it readable over the band.
        foreach (var (y, text) in counted)
        {
            Svg.Label(svg, Svg.Pct(x1), Svg.Em(y + 0.35), text, dx: 0.3, halo: true);
        }

        foreach (var (code, node) in origins)
        {
            Svg.Label(svg, Svg.Pct(xLeft), Svg.Em(node.Y + (node.H / 2) + 0.35), code, "end", dx: -0.3);
        }

        foreach (var (code, node) in destinations)
        {
            Svg.Label(svg, Svg.Pct(xRight + NodeWidth), Svg.Em(node.Y + (node.H / 2) + 0.35), code, dx: 0.3);
        }

        return Svg.Close(svg);
    }

    /// <summary>Nodes one under the other, largest first, each at least one line of text tall: its top, height and the
    /// height of its bands.</summary>
    private static Dictionary<string, (double Y, double H, double Sum)> Layout(IEnumerable<(string Code, double Height)> nodes)
    {
        var result = new Dictionary<string, (double Y, double H, double Sum)>();
        var y = Top;
        foreach (var (code, h) in nodes.OrderByDescending(n => n.Height))
        {
            var shown = Math.Max(h, LabelSlot);
            result[code] = (y, shown, h);
            y += shown + Gap;
        }

        return result;
    }
}
