using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Export;

/// <summary>An Excel workbook shaped like the Global Report's country data: one sheet per table family, one
/// block per indicator and year. Suppressed cells hold the text <c>&lt;5</c> or <c>x</c>, never a number.
/// Unsuppressed data carry the notice as the first row of every sheet.</summary>
public static class XlsxStatisticsWriter
{
    public static readonly string[] SheetNames = ["victims", "by sex and age", "by form", "by citizenship", "flows", "regions"];

    public static void Write(Publication publication, Stream stream)
    {
        var package = new XlsxPackage();
        var sheets = SheetNames.ToDictionary(n => n, package.AddSheet);
        if (publication.IsUnsuppressed)
        {
            foreach (var rows in sheets.Values)
            {
                rows.Add([Publication.UnsuppressedNotice]);
            }
        }

        sheets["victims"].Add(["indicator", "year", "total", "domestic share"]);
        sheets["flows"].Add(["indicator", "year", "route", "origin", "destination", "flow class", "persons"]);
        var classBlocks = new List<object?[]>();
        foreach (var p in publication.Systems)
        {
            var s = p.System;
            sheets["victims"].Add([s.Indicator.Code(), s.Year, Cell(publication, p, s.Grand), p.DomesticShare() is { } share ? Math.Round(share, 4) : null]);
            Grid(publication, p, sheets["by sex and age"], "SEX_AGE");
            Grid(publication, p, sheets["by form"], "FORM");
            Grid(publication, p, sheets["by citizenship"], "CITIZENSHIP");
            Grid(publication, p, sheets["by citizenship"], "DETECTION");
            Grid(publication, p, classBlocks, "FLOW_CLASS");
            Grid(publication, p, sheets["regions"], "REGION");
            foreach (var line in s.FlowLines.Where(l => !p.IsHidden(l.Cell)))
            {
                sheets["flows"].Add([s.Indicator.Code(), s.Year, line.Recruitment ? "recruitment → exploitation" : "citizenship → detection",
                    line.Origin, line.Destination, line.Class.Code(), Cell(publication, p, line.Cell)]);
            }
        }

        // The flows sheet lists the lines as one table first, then the flow-class blocks below them.
        sheets["flows"].AddRange(classBlocks);
        package.Save(stream);
    }

    public static void WriteFile(Publication publication, string path) =>
        AtomicFile.Write(path, s => Write(publication, s));

    private static object Cell(Publication publication, PublishedSystem p, int cell) =>
        p.PublishedValue(cell) is { } v ? v : publication.Format(new Observation(p.System.Keys[cell], null, p.Status[cell], ""));

    private static void Grid(Publication publication, PublishedSystem p, List<object?[]> rows, string tableId)
    {
        var table = p.System.Tables.Single(t => t.Id == tableId);
        rows.Add([]);
        rows.Add([$"{table.Title} — {p.System.Indicator.Code()} {p.System.Year}"]);
        rows.Add([table.RowDimension, .. table.ColumnCodes]);
        for (var r = 0; r < table.RowCodes.Count; r++)
        {
            var row = new object?[table.ColumnCodes.Count + 1];
            row[0] = table.RowCodes[r];
            for (var c = 0; c < table.ColumnCodes.Count; c++)
            {
                row[c + 1] = Cell(publication, p, table.Cells[r, c]);
            }

            rows.Add(row);
        }
    }
}
