namespace Palermo.Statistics.Disclosure;

/// <summary>The only input the export writers and charts accept: tables after disclosure control, or — when the
/// caller holds the permission and says so explicitly — the true national counts, marked as unsuppressed in
/// every file. A published number is always the true count; suppressed cells carry their status instead.</summary>
public sealed class Publication
{
    public const string UnsuppressedNotice = "UNSUPPRESSED NATIONAL DATA - NOT FOR PUBLICATION";

    private Publication(StatisticsCube cube, IReadOnlyList<PublishedSystem> systems, DisclosureOptions options, bool unsuppressed)
    {
        Cube = cube;
        Systems = systems;
        Options = options;
        IsUnsuppressed = unsuppressed;
    }

    public StatisticsCube Cube { get; }

    public IReadOnlyList<PublishedSystem> Systems { get; }

    public DisclosureOptions Options { get; }

    /// <summary>True when no disclosure control was applied; every writer then states it on its first line.</summary>
    public bool IsUnsuppressed { get; }

    /// <summary>Builds the tables and applies primary and secondary suppression.</summary>
    public static Publication Protect(StatisticsCube cube, DisclosureOptions? options = null)
    {
        options ??= DisclosureOptions.Default;
        options.Validate();
        // Years and indicators are independent systems, so they are protected in parallel.
        var systems = TableBuilder.Build(cube)
            .AsParallel()
            .AsOrdered()
            .Select(s => new PublishedSystem(s, SecondarySuppression.Apply(s, options)))
            .ToList();
        return new Publication(cube, systems, options, unsuppressed: false);
    }

    /// <summary>The true counts without any suppression. Call only after checking that the user may see
    /// unsuppressed national data; the output says on its first line that it is not for publication.</summary>
    public static Publication UnsuppressedNationalData(StatisticsCube cube)
    {
        var systems = TableBuilder.Build(cube)
            .Select(s => new PublishedSystem(s, new CellStatus[s.Keys.Count]))
            .ToList();
        return new Publication(cube, systems, DisclosureOptions.Default, unsuppressed: true);
    }

    /// <summary>Every published observation in a stable order (indicator, year, then build order). Hidden
    /// flow lines (below the flow minimum) are left out, as the Global Report leaves them out.</summary>
    public IEnumerable<Observation> Observations()
    {
        foreach (var system in Systems)
        {
            foreach (var observation in system.Observations())
            {
                yield return observation;
            }
        }
    }

    /// <summary>The published text of a suppressed or published value: the count, <c>&lt;5</c> or <c>x</c>.</summary>
    public string Format(Observation o) => o.Status switch
    {
        CellStatus.Primary => "<" + Options.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CellStatus.Secondary => "x",
        _ => o.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>One observation as written to a file. <see cref="Value"/> is null unless the cell is published, so
/// no writer can print a suppressed count by mistake.</summary>
public readonly record struct Observation(CellKey Key, int? Value, CellStatus Status, string Table);

/// <summary>A cell system with the status of each cell.</summary>
public sealed class PublishedSystem(CellSystem system, CellStatus[] status)
{
    public CellSystem System { get; } = system;

    public IReadOnlyList<CellStatus> Status { get; } = status;

    public bool IsHidden(int cell) => Status[cell] == CellStatus.Primary && System.IsFlowLine(cell);

    /// <summary>The value if published, else null (callers then show <c>&lt;5</c> or <c>x</c>).</summary>
    public int? PublishedValue(int cell) => Status[cell] == CellStatus.Published ? System.Values[cell] : null;

    /// <summary>Share of domestic flows among all persons, or null when either count is suppressed.</summary>
    public double? DomesticShare()
    {
        var domestic = System.TryFind(System.Keys[System.Grand].With(flow: FlowClass.Domestic.Code()), out var d) ? PublishedValue(d) : null;
        var total = PublishedValue(System.Grand);
        return domestic is { } x && total is > 0 ? (double)x / total.Value : null;
    }

    public IEnumerable<Observation> Observations()
    {
        var tableOf = new string[System.Keys.Count];
        foreach (var table in System.Tables)
        {
            foreach (var cell in table.Cells)
            {
                tableOf[cell] ??= table.Id;
            }
        }

        foreach (var line in System.FlowLines)
        {
            tableOf[line.Cell] ??= line.Recruitment ? "RECRUITMENT_FLOWS" : "FLOWS";
        }

        for (var cell = 0; cell < System.Keys.Count; cell++)
        {
            if (!IsHidden(cell))
            {
                yield return new Observation(System.Keys[cell], PublishedValue(cell), Status[cell], tableOf[cell] ?? "TOTAL");
            }
        }
    }
}
