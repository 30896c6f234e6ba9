namespace Palermo.Statistics;

/// <summary>One row of the country table. Region and subregion are indexes into the table's GLOTIP region and
/// subregion lists, -1 when the territory has no GLOTIP grouping (e.g. Antarctica).</summary>
public sealed record Country(int Index, string Alpha2, string Alpha3, string M49, int Region, int Subregion)
{
    public CountryCode Code => CountryCode.Parse(Alpha3);
}
