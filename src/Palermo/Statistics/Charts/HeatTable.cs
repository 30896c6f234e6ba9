using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Region × region matrix as a heat table: cell shade by count, the count (or <c>&lt;5</c> / <c>x</c>)
/// printed in each cell in black or white, whichever contrasts more with the shade. Suppressed cells are
/// hatched, never shaded by their true value.</summary>
public static class HeatTable
{
    /// <summary>
    /// The hatch and the border of a suppressed cell (WCAG 1.4.11): 9.7:1 against white, which is what touches every
    /// cell (the 2-pixel gap between cells, the page), and dark enough that every shade of the heat scale contrasts
    /// at least 3:1 with either the hatch or its white ground, so the cell stands out beside any neighbour. It was
    /// #b3b3b3 on #e6e6e6 (2.1:1 against white), with a white border.
    /// </summary>
    public const string Hatch = "#444444";

    /// <summary>The "&lt;5" or "x" of a suppressed cell is printed on a white plate, not over the hatch lines.</summary>
    private const int PlateWidth = 30, PlateHeight = 18;

    public static string Render(string title, IReadOnlyList<string> rows, IReadOnlyList<string> columns, ChartValue[,] cells)
    {
        const int top = 60, rowLabel = 290, cellW = 84, cellH = 30;
        var width = rowLabel + (columns.Count * cellW) + 20;
        var legend = columns.Where(c => Short(c) != c).ToList();
        var height = top + (rows.Count * cellH) + 20 + (legend.Count * 18);
        var max = Math.Max(1, cells.Cast<ChartValue>().Max(c => c.Value ?? 0));
        var description = string.Join("; ", Enumerable.Range(0, rows.Count).SelectMany(r =>
            Enumerable.Range(0, columns.Count).Select(c => $"{rows[r]} to {columns[c]}: {cells[r, c].Shown}")));
        var svg = Svg.Open(width, height, title, description);
        svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"suppressed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><path d=\"M0,6 L6,0\" stroke=\"{Hatch}\"/></pattern></defs>");
        for (var c = 0; c < columns.Count; c++)
        {
            Svg.Label(svg, rowLabel + (c * cellW) + (cellW / 2), top - 8, Short(columns[c]), "middle", size: 11);
        }

        for (var i = 0; i < legend.Count; i++)
        {
            Svg.Label(svg, 12, top + (rows.Count * cellH) + 24 + (i * 18), $"{Short(legend[i])}: {legend[i]}", size: 11);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + (r * cellH);
            Svg.Label(svg, rowLabel - 8, y + 19, rows[r], "end", size: 11);
            for (var c = 0; c < columns.Count; c++)
            {
                var cell = cells[r, c];
                var x = rowLabel + (c * cellW);
                var cx = x + (cellW / 2) - 1;
                if (cell.Value is { } v)
                {
                    var fill = ChartColours.Heat(Math.Sqrt(v / (double)max));
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<rect x=\"{x}\" y=\"{y}\" width=\"{cellW - 2}\" height=\"{cellH - 2}\" fill=\"{fill}\" stroke=\"#ffffff\"/>");
                    Svg.Label(svg, cx, y + 19, cell.Shown, "middle", ChartColours.TextOn(fill), 12);
                    continue;
                }

                // The border is drawn inside the cell, so the white gap to the neighbours stays.
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x + 1}\" y=\"{y + 1}\" width=\"{cellW - 4}\" height=\"{cellH - 4}\" fill=\"url(#suppressed)\" stroke=\"{Hatch}\" stroke-width=\"2\"/>");
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{cx - (PlateWidth / 2)}\" y=\"{y + 6}\" width=\"{PlateWidth}\" height=\"{PlateHeight}\" fill=\"#ffffff\"/>");
                Svg.Label(svg, cx, y + 19, cell.Shown, "middle", Svg.Text, 12);
            }
        }

        return Svg.Close(svg);
    }

    /// <summary>Column headers are narrow: long names become their initials, explained in a legend below.</summary>
    private static string Short(string name) =>
        name.Length <= 10 ? name : string.Concat(name.Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.Equals("and", StringComparison.OrdinalIgnoreCase) && !w.Equals("the", StringComparison.OrdinalIgnoreCase))
            .Select(w => char.ToUpperInvariant(w[0])));
}
