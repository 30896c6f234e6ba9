using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Region × region matrix as a heat table: cell shade by count, the count (or <c>&lt;5</c> / <c>x</c>)
/// printed in each cell in black or white, whichever contrasts more with the shade. Suppressed cells are
/// hatched, never shaded by their true value. Laid out in em throughout, like a table of text: it grows with the
/// reader's font, and where it is wider than the page it scrolls sideways in its own region.</summary>
public static class HeatTable
{
    /// <summary>
    /// The hatch and the border of a suppressed cell (WCAG 1.4.11): 9.7:1 against white, which is what touches every
    /// cell (the gap between cells, the page), and dark enough that every shade of the heat scale contrasts
    /// at least 3:1 with either the hatch or its white ground, so the cell stands out beside any neighbour. It was
    /// #b3b3b3 on #e6e6e6 (2.1:1 against white), with a white border.
    /// </summary>
    public const string Hatch = "#444444";

    /// <summary>In em: the "&lt;5" or "x" of a suppressed cell is printed on a white plate, not over the hatch lines.</summary>
    private const double PlateWidth = 2.4, PlateHeight = 1.4;

    /// <summary>In em: the white gap between cells, a shaded cell's white edge, a suppressed cell's border (drawn
    /// inside the cell, so the gap to the neighbours stays).</summary>
    private const double CellGap = 0.15, Edge = 0.06, Border = 0.14;

    public static string Render(string title, IReadOnlyList<string> rows, IReadOnlyList<string> columns, ChartValue[,] cells)
    {
        // In em: a row label wraps at 18 characters, a column heading at 7; the rows are as tall as their label, the
        // columns as wide as their heading's longest line or their widest count.
        const double top = 0.3, line = 1.2, pad = 0.5;
        var rowLines = rows.Select(r => Svg.Wrap(r, 18)).ToList();
        var headLines = columns.Select(c => Svg.Wrap(Short(c), 7)).ToList();
        var head = 1.7 + ((headLines.Max(l => l.Count) - 1) * line);
        var rowLabel = rowLines.SelectMany(l => l).Select(Svg.Width).DefaultIfEmpty(0).Max() + 0.8;
        var cellW = Math.Max(3.4, headLines.SelectMany(l => l).Select(Svg.Width).Concat(cells.Cast<ChartValue>().Select(c => Svg.Width(c.Shown))).Max() + 1);
        var rowH = rowLines.Select(l => Math.Max(2, (l.Count * line) + 0.8)).ToList();
        var legend = columns.Where(c => Short(c) != c).ToList();
        var legendText = legend.Select(c => $"{Short(c)}: {c}").ToList();
        var tableTop = top + head;
        var tableBottom = tableTop + rowH.Sum();
        var width = Math.Max(rowLabel + (columns.Count * cellW), legendText.Select(Svg.Width).DefaultIfEmpty(0).Max()) + pad;
        var height = tableBottom + 0.5 + (legend.Count * 1.35) + 0.4;
        var max = Math.Max(1, cells.Cast<ChartValue>().Max(c => c.Value ?? 0));
        var description = string.Join("; ", Enumerable.Range(0, rows.Count).SelectMany(r =>
            Enumerable.Range(0, columns.Count).Select(c => $"{rows[r]} to {columns[c]}: {cells[r, c].Shown}")));
        var svg = Svg.Open(Svg.Em(width), height, title, description);
        svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"suppressed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><path d=\"M0,6 L6,0\" stroke=\"{Hatch}\"/></pattern></defs>");
        // Headings stand on the table: a shorter one starts lower.
        for (var c = 0; c < columns.Count; c++)
        {
            var lines = headLines[c];
            for (var l = 0; l < lines.Count; l++)
            {
                Svg.Label(svg, Svg.Em(rowLabel + (c * cellW) + ((cellW - CellGap) / 2)), Svg.Em(top + head - 0.65 - ((lines.Count - 1 - l) * line)), lines[l], "middle");
            }
        }

        for (var i = 0; i < legend.Count; i++)
        {
            Svg.Label(svg, Svg.Em(0.2), Svg.Em(tableBottom + 1.45 + (i * 1.35)), legendText[i]);
        }

        var y = tableTop;
        for (var r = 0; r < rows.Count; r++)
        {
            var h = rowH[r] - CellGap;
            var middle = y + (h / 2);
            var lines = rowLines[r];
            for (var l = 0; l < lines.Count; l++)
            {
                Svg.Label(svg, Svg.Em(rowLabel - 0.4), Svg.Em(middle - ((lines.Count - 1) * line / 2) + (l * line) + 0.35), lines[l], "end");
            }

            for (var c = 0; c < columns.Count; c++)
            {
                var cell = cells[r, c];
                var x = rowLabel + (c * cellW);
                var w = cellW - CellGap;
                var cx = Svg.Em(x + (w / 2));
                if (cell.Value is { } v)
                {
                    var fill = ChartColours.Heat(Math.Sqrt(v / (double)max));
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<rect x=\"{Svg.Em(x)}\" y=\"{Svg.Em(y)}\" width=\"{Svg.Em(w)}\" height=\"{Svg.Em(h)}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"{Svg.Em(Edge)}\"/>");
                    Svg.Label(svg, cx, Svg.Em(middle + 0.35), cell.Shown, "middle", ChartColours.TextOn(fill));
                    continue;
                }

                // The border is drawn inside the cell, so the white gap to the neighbours stays.
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{Svg.Em(x + (Border / 2))}\" y=\"{Svg.Em(y + (Border / 2))}\" width=\"{Svg.Em(w - Border)}\" height=\"{Svg.Em(h - Border)}\" fill=\"url(#suppressed)\" stroke=\"{Hatch}\" stroke-width=\"{Svg.Em(Border)}\"/>");
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{Svg.Em(x + (w / 2) - (PlateWidth / 2))}\" y=\"{Svg.Em(middle - (PlateHeight / 2))}\" width=\"{Svg.Em(PlateWidth)}\" height=\"{Svg.Em(PlateHeight)}\" fill=\"#ffffff\"/>");
                Svg.Label(svg, cx, Svg.Em(middle + 0.35), cell.Shown, "middle", Svg.Text);
            }

            y += rowH[r];
        }

        return Svg.Close(svg);
    }

    /// <summary>Column headers are narrow: long names become their initials, explained in a legend below.</summary>
    private static string Short(string name) =>
        name.Length <= 10 ? name : string.Concat(name.Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.Equals("and", StringComparison.OrdinalIgnoreCase) && !w.Equals("the", StringComparison.OrdinalIgnoreCase))
            .Select(w => char.ToUpperInvariant(w[0])));
}
