using Palermo.Organisations;

namespace Palermo.Statistics;

/// <summary>What to count: a year range (inclusive) and optional filters. Null bounds mean "from the first /
/// to the last year in the data". <see cref="DetectionRegion"/> is a GLOTIP region or subregion, by name or by
/// published code (e.g. <c>Western and Southern Europe</c> or <c>WESTERN_AND_SOUTHERN_EUROPE</c>).</summary>
public sealed record StatisticsQuery(
    int? From = null,
    int? To = null,
    IReadOnlySet<OrganisationKind>? OrganisationKinds = null,
    string? DetectionRegion = null)
{
    /// <summary>Longest year range one report may span; keeps the dense flow arrays bounded.</summary>
    public const int MaxYears = 50;
}
