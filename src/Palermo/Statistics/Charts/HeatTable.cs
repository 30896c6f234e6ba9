using System.Globalization;

namespace Palermo.Statistics.Charts;

/// <summary>Region × region matrix as a heat table: cell shade by count, the count (or <c>&lt;5</c> / <c>x</c>)
/// printed in each cell in black or white, whichever contrasts more with the shade. Suppressed cells are
/// hatched grey, never shaded by their true value.</summary>
public static class HeatTable
{
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
        svg.Append("<defs><pattern id=\"suppressed\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#e6e6e6\"/><path d=\"M0,6 L6,0\" stroke=\"#b3b3b3\"/></pattern></defs>");
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
                var fill = cell.Value is { } v ? ChartColours.Heat(Math.Sqrt(v / (double)max)) : "url(#suppressed)";
                var ink = cell.Value is null ? Svg.Text : ChartColours.TextOn(fill);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x}\" y=\"{y}\" width=\"{cellW - 2}\" height=\"{cellH - 2}\" fill=\"{fill}\" stroke=\"#ffffff\"/>");
                Svg.Label(svg, x + (cellW / 2) - 1, y + 19, cell.Shown, "middle", ink, 12);
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
