using Palermo.Cases;

namespace Palermo.Demo;

/// <summary>
/// Synthetic victims whose marginals follow the Global Report (2024 edition): women / girls / men / boys
/// 39 / 22 / 23 / 16 %, sexual exploitation / forced labour / other 38 / 42 / 20 %, 58 % detected in their own
/// country; the rest from the same subregion (35 %), region (44 %) or other regions (21 %, so 9 % of all are
/// trans-regional, fewer than one in ten as the Global Report says). Seeded: the same seed gives the same data.
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

    // The weighted choices as arrays with their totals, built once: per case they cost allocations and LINQ that
    // a million-case seed pays a million times. Same order and same sums, so the same seed draws the same data.
    private static readonly (bool Female, bool Child, double Share)[] SexAgeChoices = SexAge;
    private static readonly double SexAgeTotal = SexAge.Sum(s => s.Share);
    private static readonly ExploitationType[] FormChoices = Forms.Select(f => f.Form).ToArray();
    private static readonly double[] FormWeights = Forms.Select(f => f.Share).ToArray();
    private static readonly double FormTotal = Forms.Sum(f => f.Share);
    private static readonly MethodOfControl[] Controls = Enum.GetValues<MethodOfControl>().Skip(1).ToArray();
    private static readonly string[] DemoCities = ["Bari", "Naples", "Palermo", "Rome", "Turin", "Milan", "Catania", "Genoa"];

    private readonly Random _random = new(seed);

    public (PersonDetails Person, CaseFacts Facts) Next(int yearFrom, int yearTo, DateOnly today)
    {
        var r = _random;
        var (female, child, _) = SexAgeChoices[Pick(SexAgeChoices.Length, i => SexAgeChoices[i].Share, SexAgeTotal)];
        var form = FormChoices[Pick(FormChoices.Length, i => FormWeights[i], FormTotal)];
        var domestic = r.NextDouble() < DomesticShare;
        var citizenship = domestic ? countryOfDetection : r.NextDouble() switch
        {
            < 0.35 => SameSubregion[r.Next(SameSubregion.Length)],
            // Other regions take 21 % of the foreign victims: 9 % of all, as the Global Report's "fewer than one in
            // ten trans-regional" (glotip.md; 25 % gave 10.5 %). The same draws, so the seed's other values stay.
            < 0.79 => SameRegion[r.Next(SameRegion.Length)],
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
        foreach (var m in Controls) if (r.NextDouble() < 0.15) control |= m;
        var events = new List<TraffickingEventFacts> { new(TraffickingEventType.Recruitment, citizenship, identified.AddMonths(-r.Next(2, 24))) };
        events.Add(new(TraffickingEventType.Exploitation, countryOfDetection, identified.AddMonths(-1)));
        var person = new PersonDetails(given, family, null, birth, female ? Gender.Feminine : Gender.Masculine, [citizenship], null, null,
            r.NextDouble() < 0.3 ? $"X{r.Next(1_000_000, 9_999_999)}" : null);
        var status = r.NextDouble() < 0.7 ? TraffickingStatus.PossibleVictimOfTrafficking : TraffickingStatus.ActualVictimOfTrafficking;
        // Recruitment facts are derived from values already drawn, not drawn themselves: an extra draw would shift every
        // later value of the seeded sequence (and the demo's calibrated data). Most victims know their recruiter (GLOTIP).
        var spread = (identified.DayNumber * 31 + age) % 10;
        RelationshipToTrafficker? relationship = spread switch
        {
            0 or 1 => null,
            2 or 3 or 4 or 5 => RelationshipToTrafficker.Acquainted,
            6 or 7 => RelationshipToTrafficker.Familial,
            _ => RelationshipToTrafficker.Unaquainted,
        };
        var recruitment = relationship switch
        {
            RelationshipToTrafficker.Familial => RecruitmentMethod.ThroughFamilyOrFamilyEvents,
            RelationshipToTrafficker.Acquainted => spread < 4 ? RecruitmentMethod.ThroughFriendsOrSocialEvents : RecruitmentMethod.ThroughOnlineSocialNetworks,
            RelationshipToTrafficker.Unaquainted => form == ExploitationType.ForcedLabour ? RecruitmentMethod.ThroughAnOnlineAdvertisement : RecruitmentMethod.AtWork,
            _ => RecruitmentMethod.None,
        };
        // The same for the perpetrator, an incoming referral from outside Palermo, a postal address and an alias: a known
        // recruiter is a recruiter (and, for sexual exploitation or every other case, the exploiter; across a border
        // also the transporter); half of them are described; one case in ten came from an outreach service; one
        // domestic victim in five has an address on file.
        var day = identified.DayNumber;
        var roles = relationship is null ? PerpetratorRole.None
            : PerpetratorRole.RecruiterOrIntermediary
              | (form == ExploitationType.SexualExploitation || spread % 2 == 0 ? PerpetratorRole.Exploiter : PerpetratorRole.None)
              | (domestic ? PerpetratorRole.None : PerpetratorRole.Transporter);
        var perpetrator = relationship is not null && spread < 6
            ? new PerpetratorDetails(null, SyntheticNames.FamilyAt(day + age), day % 3 == 0 ? Gender.Feminine : Gender.Masculine, null, 25 + (day + age) % 30, [citizenship])
            : null;
        var incoming = spread == 9
            ? new IncomingReferral("Demo Outreach Service", identified.AddDays(-(day % 20) - 1), IncomingReferralReason.AdditionalServicesRequired)
            : null;
        // One victim in twelve is also known under another given name (a name the traffickers gave, or one used at
        // work), so alias search and the duplicate check meet realistic data too.
        if ((day + 3 * age) % 12 == 5) person = person with { Aliases = SyntheticNames.GivenAt(day + age) };
        if (domestic && (day + age) % 5 == 0)
            person = person with { Mailing = new MailingAddress($"Via Demo {day % 200 + 1}", DemoCities[day % DemoCities.Length], null, $"{10000 + day % 89999}", countryOfDetection) };
        var facts = new CaseFacts(status, DecisionMakingOrg.NGO, exploitation, control, industry, sexTypes, countryOfDetection, identified,
            birth, birth is null ? age : null, child, child ? "Appointed guardian" : null, (RiskLevel)r.Next(0, 4), events, relationship, recruitment,
            incoming, roles, perpetrator);
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

    /// <summary>The index of a weighted choice: one draw, weights subtracted in order (as the data were always drawn).</summary>
    private int Pick(int count, Func<int, double> weight, double total)
    {
        var x = _random.NextDouble() * total;
        for (var i = 0; i < count; i++)
        {
            if ((x -= weight(i)) < 0) return i;
        }

        return count - 1;
    }
}
