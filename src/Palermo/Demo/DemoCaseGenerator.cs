using Palermo.Cases;

namespace Palermo.Demo;

/// <summary>
/// Synthetic victims whose marginals follow the Global Report (2024 edition): women / girls / men / boys
/// 39 / 22 / 23 / 16 %, sexual exploitation / forced labour / other 38 / 42 / 20 %, 58 % detected in their own
/// country; the rest from the same subregion, region, or other regions. Seeded: the same seed gives the same data.
/// </summary>
public sealed class DemoCaseGenerator(int seed, string countryOfDetection = "ITA")
{
    public const double DomesticShare = 0.58;
    public static readonly (bool Female, bool Child, double Share)[] SexAge = [(true, false, .39), (true, true, .22), (false, false, .23), (false, true, .16)];
    public static readonly (ExploitationType Form, double Share)[] Forms =
    [
        (ExploitationType.SexualExploitation, .38), (ExploitationType.ForcedLabour, .42),
        (ExploitationType.ForcedCriminality, .08), (ExploitationType.ForcedBegging, .04), (ExploitationType.ForcedMarriage, .04),
        (ExploitationType.Servitude, 0), (ExploitationType.OrganRemoval, .01), (ExploitationType.Other, .03),
    ];

    // Foreign citizenships by distance from Italy in the GLOTIP grouping.
    private static readonly string[] SameSubregion = ["ESP", "PRT", "GRC", "FRA", "DEU", "TUR", "MLT"];
    private static readonly string[] SameRegion = ["ROU", "BGR", "ALB", "UKR", "MDA", "SRB", "GEO"];
    private static readonly string[] OtherRegions = ["NGA", "GHA", "CHN", "VNM", "PHL", "BGD", "PAK", "MAR", "EGY", "BRA", "COL", "IND", "ERI", "SEN"];

    private readonly Random _random = new(seed);

    public (PersonDetails Person, CaseFacts Facts) Next(int yearFrom, int yearTo, DateOnly today)
    {
        var r = _random;
        var (female, child, _) = Pick(SexAge.Select(s => (s, s.Share)));
        var form = Pick(Forms.Select(f => (f.Form, f.Share)));
        var domestic = r.NextDouble() < DomesticShare;
        var citizenship = domestic ? countryOfDetection : r.NextDouble() switch
        {
            < 0.35 => SameSubregion[r.Next(SameSubregion.Length)],
            < 0.75 => SameRegion[r.Next(SameRegion.Length)],
            _ => OtherRegions[r.Next(OtherRegions.Length)],
        };
        var year = r.Next(yearFrom, yearTo + 1);
        var identified = new DateOnly(year, 1, 1).AddDays(r.Next(0, 360));
        if (identified > today) identified = today.AddDays(-r.Next(0, 60));
        var age = child ? r.Next(9, 18) : r.Next(18, 60);
        DateOnly? birth = r.NextDouble() < 0.8 ? identified.AddYears(-age).AddDays(-r.Next(1, 360)) : null;
        var (given, family) = SyntheticNames.Next(r);
        var exploitation = form;
        var sexTypes = form == ExploitationType.SexualExploitation ? SexExploitationType.Prostitution : SexExploitationType.None;
        LabourIndustry? industry = form == ExploitationType.ForcedLabour ? (LabourIndustry)r.Next(1, 22) : null;
        var control = MethodOfControl.None;
        foreach (var m in Enum.GetValues<MethodOfControl>().Skip(1)) if (r.NextDouble() < 0.15) control |= m;
        var events = new List<TraffickingEventFacts> { new(TraffickingEventType.Recruitment, citizenship, identified.AddMonths(-r.Next(2, 24))) };
        events.Add(new(TraffickingEventType.Exploitation, countryOfDetection, identified.AddMonths(-1)));
        var person = new PersonDetails(given, family, null, birth, female ? Gender.Feminine : Gender.Masculine, [citizenship], null, null,
            r.NextDouble() < 0.3 ? $"X{r.Next(1_000_000, 9_999_999)}" : null);
        var status = r.NextDouble() < 0.7 ? TraffickingStatus.PossibleVictimOfTrafficking : TraffickingStatus.ActualVictimOfTrafficking;
        var facts = new CaseFacts(status, DecisionMakingOrg.NGO, exploitation, control, industry, sexTypes, countryOfDetection, identified,
            birth, birth is null ? age : null, child, child ? "Appointed guardian" : null, (RiskLevel)r.Next(0, 4), events);
        return (person, facts);
    }

    /// <summary>A near-duplicate of a person as another agency might record them: transliteration, typo, or estimated birth date.</summary>
    public PersonDetails Variant(PersonDetails p)
    {
        var given = p.GivenName switch
        {
            "Mohammed" => "Muhammad", "Olena" => "Elena", "Iryna" => "Irina", "Natalia" => "Natalya", "Fatima" => "Fatma", "Youssef" => "Yusuf",
            var g when g.Length > 4 => g[..^2] + g[^1] + g[^2],
            var g => g,
        };
        return p with { GivenName = given, BirthDate = _random.NextDouble() < 0.5 ? p.BirthDate : p.BirthDate?.AddYears(_random.Next(-1, 2)) };
    }

    public bool Chance(double p) => _random.NextDouble() < p;

    public int Below(int n) => _random.Next(n);

    private T Pick<T>(IEnumerable<(T Item, double Weight)> items)
    {
        var list = items.ToList();
        var x = _random.NextDouble() * list.Sum(i => i.Weight);
        foreach (var (item, w) in list)
        {
            if ((x -= w) < 0) return item;
        }

        return list[^1].Item;
    }
}
