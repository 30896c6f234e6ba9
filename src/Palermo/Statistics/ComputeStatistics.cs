using Palermo.Accounts;
using Palermo.Organisations;
using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics;

/// <summary>What to compute. <see cref="Unsuppressed"/> skips disclosure control and is refused unless the
/// actor may see unsuppressed national data (or is the trusted command line).</summary>
public sealed record StatisticsRequest(
    int? From = null,
    int? To = null,
    IReadOnlySet<OrganisationKind>? OrganisationKinds = null,
    string? DetectionRegion = null,
    bool Unsuppressed = false,
    int Threshold = 5)
{
    public StatisticsQuery Query => new(From, To, OrganisationKinds, DetectionRegion);
}

/// <summary>The records, the counts and the protected (or explicitly unsuppressed) tables of one request.</summary>
public sealed record StatisticsResult(StatisticsRecord[] Records, StatisticsCube Cube, Publication Publication, IReadOnlyList<int> YearsWithData);

/// <summary>Cases → records → engine → disclosure control: the one pipeline behind the dashboard, the downloads,
/// the publication snapshot and <c>palermo stats export</c>.</summary>
public sealed class ComputeStatistics(LoadStatisticsRecords load)
{
    private static readonly Lazy<CountryTable> DefaultCountries = new(CountryTable.LoadDefault);

    public static CountryTable Countries => DefaultCountries.Value;

    public async Task<StatisticsResult> HandleAsync(StatisticsRequest request, Actor actor, CancellationToken ct = default)
    {
        if (actor != Actor.Cli && !actor.Has(Permission.ViewStatistics)) throw new NotFoundException();
        if (request.Unsuppressed && actor != Actor.Cli && !actor.Has(Permission.ViewUnsuppressedStatistics)) throw new NotFoundException();

        // All years are loaded so a range outside the data is reported as such rather than as an empty report.
        var records = await load.HandleAsync(ct: ct);
        if (records.Length == 0) throw new StatisticsException("records", "There are no identified victims in the database yet.");
        var years = records.Select(r => r.Year).Distinct().Order().ToList();
        var cube = StatisticsEngine.Compute(records, request.Query, Countries);
        var publication = request.Unsuppressed
            ? Publication.UnsuppressedNationalData(cube)
            : Publication.Protect(cube, new DisclosureOptions(Threshold: request.Threshold));
        return new StatisticsResult(records, cube, publication, years);
    }
}
