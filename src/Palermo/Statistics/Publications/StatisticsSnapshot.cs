using System.Globalization;
using System.Text.Json;
using Palermo.Statistics.Charts;
using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Publications;

/// <summary>What a page shows of a protected publication: every table as formatted text (counts, <c>&lt;5</c>,
/// <c>x</c>) and the charts as SVG. Built only from a <see cref="Publication"/>, so it carries no suppressed count;
/// frozen as JSON when a publication is approved, so the public page never recomputes from live data.</summary>
public sealed record StatisticsSnapshot(int From, int To, int Threshold, bool Unsuppressed, IReadOnlyList<SnapshotYear> Years, IReadOnlyList<SnapshotChart> Charts)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static StatisticsSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<StatisticsSnapshot>(json, Json) ?? throw new InvalidOperationException("Empty statistics snapshot.");

    /// <summary>Builds the snapshot of the detected-victims systems. <paramref name="content"/> limits the tables
    /// and charts (null = all).</summary>
    public static StatisticsSnapshot Build(Publication publication, IReadOnlySet<string>? content = null)
    {
        bool Wanted(string id) => content is null || content.Contains(id);
        var systems = publication.Systems.Where(s => s.System.Indicator == Indicator.DetectedVictims).ToList();
        var years = systems.Select(s => new SnapshotYear(
            s.System.Year,
            s.DomesticShare() is { } share ? share.ToString("P0", CultureInfo.InvariantCulture) : "x",
            s.System.Tables.Where(t => Wanted(t.Id)).Select(t => Table(publication, s, t)).ToList())).ToList();

        var charts = new List<SnapshotChart>();
        if (systems.Count > 0)
        {
            var last = systems[^1];
            var year = last.System.Year.ToString(CultureInfo.InvariantCulture);
            if (Wanted(ChartIds.SexAge)) charts.Add(new(ChartIds.SexAge, $"By sex and age, {year}", StatisticsCharts.BySexAndAge(publication, last)));
            if (Wanted(ChartIds.Form)) charts.Add(new(ChartIds.Form, $"By form of exploitation, {year}", StatisticsCharts.ByForm(publication, last)));
            if (Wanted(ChartIds.TimeSeries)) charts.Add(new(ChartIds.TimeSeries, "Detected victims per year", StatisticsCharts.TimeSeries(publication, Indicator.DetectedVictims)));
            if (Wanted(ChartIds.Flows)) charts.Add(new(ChartIds.Flows, $"Flows: citizenship to country of detection, {year}", StatisticsCharts.Flows(publication, last)));
            if (Wanted(ChartIds.Regions)) charts.Add(new(ChartIds.Regions, $"Region of origin × region of detection, {year}", StatisticsCharts.RegionMatrix(publication, last)));
        }

        var cube = publication.Cube;
        return new StatisticsSnapshot(cube.FromYear, cube.ToYear, publication.Options.Threshold, publication.IsUnsuppressed, years, charts);
    }

    private static SnapshotTable Table(Publication publication, PublishedSystem system, StatTable t)
    {
        string Text(int cell) => system.Status[cell] switch
        {
            CellStatus.Primary => "<" + publication.Options.Threshold.ToString(CultureInfo.InvariantCulture),
            CellStatus.Secondary => "x",
            _ => system.System.Values[cell].ToString(CultureInfo.InvariantCulture),
        };
        var rows = new List<SnapshotRow>(t.RowCodes.Count);
        for (var r = 0; r < t.RowCodes.Count; r++)
        {
            var values = new string[t.ColumnCodes.Count];
            for (var c = 0; c < values.Length; c++) values[c] = Text(t.Cells[r, c]);
            rows.Add(new SnapshotRow(t.RowCodes[r], values));
        }

        return new SnapshotTable(t.Id, t.Title, t.RowDimension, t.ColumnDimension, t.ColumnCodes, rows);
    }
}

public sealed record SnapshotYear(int Year, string DomesticShare, IReadOnlyList<SnapshotTable> Tables);

public sealed record SnapshotTable(string Id, string Title, string RowDimension, string ColumnDimension, IReadOnlyList<string> Columns, IReadOnlyList<SnapshotRow> Rows);

public sealed record SnapshotRow(string Code, IReadOnlyList<string> Values);

/// <summary>A server-rendered SVG (no script, no style attribute) with its caption.</summary>
public sealed record SnapshotChart(string Id, string Title, string Svg);

/// <summary>The chart ids an analyst can choose for a publication (table ids are the engine's: SEX_AGE, FORM, ...).</summary>
public static class ChartIds
{
    public const string SexAge = "chart-sex-age";
    public const string Form = "chart-form";
    public const string TimeSeries = "chart-years";
    public const string Flows = "chart-flows";
    public const string Regions = "chart-regions";

    public static readonly string[] All = [SexAge, Form, TimeSeries, Flows, Regions];

    public static readonly string[] Tables = ["SEX_AGE", "FORM", "CITIZENSHIP", "DETECTION", "FLOW_CLASS", "REGION"];
}
