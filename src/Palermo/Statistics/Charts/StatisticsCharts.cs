using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Charts;

/// <summary>The charts of a national report, drawn from a <see cref="Publication"/> so that only published
/// numbers (or suppression marks) can reach them.</summary>
public static class StatisticsCharts
{
    private static readonly (string Label, string Sex, string Age)[] People =
    [
        ("Women", "F", "Y_GE18"), ("Girls", "F", "Y0T17"), ("Men", "M", "Y_GE18"), ("Boys", "M", "Y0T17"),
        ("Other sex", "O", "_T"), ("Sex unknown", "U", "_T"), ("Female, age unknown", "F", "U"), ("Male, age unknown", "M", "U"),
    ];

    public static string BySexAndAge(Publication publication, PublishedSystem system) =>
        BarChart.Render($"{Name(system)} by sex and age, {system.System.Year}",
            People.Select(p => Value(publication, system, Key(system).With(sex: p.Sex, age: p.Age), p.Label)).ToList());

    public static string ByForm(Publication publication, PublishedSystem system) =>
        BarChart.Render($"{Name(system)} by form of exploitation, {system.System.Year}",
            ExploitationForms.Tops.Select(t => t.Code())
                .Concat(ExploitationForms.OtherDetails.Select(f => f.Code()))
                .Select(code => Value(publication, system, Key(system).With(exploitation: code), code))
                .ToList());

    public static string TimeSeries(Publication publication, Indicator indicator) =>
        TimeSeriesChart.Render($"{indicator.Code()} per year",
            publication.Systems.Where(s => s.System.Indicator == indicator)
                .Select(s => Value(publication, s, Key(s), s.System.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .ToList());

    /// <summary>Flow lines with at least the flow minimum (5) persons, also for unsuppressed data:
    /// citizenship → country of detection, or with <paramref name="recruitment"/> recruitment → exploitation.</summary>
    public static string Flows(Publication publication, PublishedSystem system, bool recruitment = false) =>
        FlowDiagram.Render(recruitment
                ? $"{Name(system)}: country of recruitment → country of exploitation, {system.System.Year}"
                : $"{Name(system)}: citizenship → country of detection, {system.System.Year}",
            system.System.FlowLines.Where(l => l.Recruitment == recruitment && !system.IsHidden(l.Cell)
                    && (system.PublishedValue(l.Cell) is not { } v || v >= publication.Options.FlowLineMinimum))
                .Select(l => new FlowDiagram.Flow(l.Origin, l.Destination, system.PublishedValue(l.Cell), Shown(publication, system, l.Cell)))
                .ToList());

    public static string RegionMatrix(Publication publication, PublishedSystem system)
    {
        var table = system.System.Tables.Single(t => t.Id == "REGION");
        var cells = new ChartValue[table.RowCodes.Count, table.ColumnCodes.Count];
        for (var r = 0; r < table.RowCodes.Count; r++)
        {
            for (var c = 0; c < table.ColumnCodes.Count; c++)
            {
                var cell = table.Cells[r, c];
                cells[r, c] = new ChartValue("", system.PublishedValue(cell), Shown(publication, system, cell));
            }
        }

        var countries = publication.Cube.Countries;
        string Label(string code) => code switch
        {
            Codes.Total => "Total",
            CountryTable.UnknownRegionCode => "Unknown region",
            _ => countries.Regions[countries.RegionCodes.ToList().IndexOf(code)],
        };
        return HeatTable.Render($"{Name(system)}: region of origin (rows) × region of detection (columns), {system.System.Year}",
            table.RowCodes.Select(Label).ToList(), table.ColumnCodes.Select(Label).ToList(), cells);
    }

    private static CellKey Key(PublishedSystem s) => s.System.Keys[s.System.Grand];

    private static string Name(PublishedSystem s) => s.System.Indicator == Indicator.DetectedVictims ? "Detected victims" : s.System.Indicator.Code();

    private static ChartValue Value(Publication publication, PublishedSystem s, CellKey key, string label) =>
        s.System.TryFind(key, out var cell)
            ? new ChartValue(label, s.PublishedValue(cell), Shown(publication, s, cell))
            : new ChartValue(label, 0, "0");

    private static string Shown(Publication publication, PublishedSystem s, int cell) =>
        publication.Format(new Observation(s.System.Keys[cell], s.PublishedValue(cell), s.Status[cell], ""));
}
