using Palermo.Organisations;

namespace Palermo.Statistics.Synthetic;

/// <summary>Seeded synthetic records for tests, benchmarks and demos (never real persons). Detections are mostly
/// in <see cref="SyntheticOptions.HomeCountry"/>, the rest in its subregion; the flow class is drawn first and
/// the citizenship then chosen to match it, with a long tail of rare countries so that small cells occur.</summary>
public sealed record SyntheticOptions(
    int Count,
    int Seed = 1,
    int FromYear = 2018,
    int ToYear = 2022,
    string HomeCountry = "ITA",
    double HomeDetectionShare = 0.9,
    double DuplicateShare = 0.05);

public static class SyntheticRecordGenerator
{
    private static readonly OrganisationKind[] Reporters =
    [
        OrganisationKind.Police, OrganisationKind.NonGovernmentalOrganisation, OrganisationKind.LabourInspectorate,
        OrganisationKind.Shelter, OrganisationKind.Hotline, OrganisationKind.BorderAgency,
    ];

    public static StatisticsRecord[] Generate(SyntheticOptions options, CountryTable countries)
    {
        var random = new Random(options.Seed);
        var home = countries.Find(options.HomeCountry, "homeCountry");
        var grouped = countries.Countries.Where(c => c.Region >= 0).ToArray();
        var neighbours = grouped.Where(c => c.Subregion == home.Subregion && c.Index != home.Index).ToArray();
        var records = new StatisticsRecord[options.Count];
        var years = options.ToYear - options.FromYear + 1;
        var candidates = new Dictionary<(FlowClass, int), Country[]>();
        var common = SyntheticShares.SexAge.Select(t => ((t.Sex, t.Age), t.Share)).ToArray();
        var rare = SyntheticShares.OtherSexAge.Select(t => ((t.Sex, t.Age), t.Share)).ToArray();
        for (var i = 0; i < records.Length; i++)
        {
            if (i > 0 && random.NextDouble() < options.DuplicateShare)
            {
                // The same person identified again later in the year, by another organisation.
                var previous = records[i - 1];
                var later = previous.IdentifiedOn.AddDays(random.Next(0, 30));
                records[i] = previous with
                {
                    IdentifiedOn = later.Year == previous.Year ? later : previous.IdentifiedOn,
                    ReportingOrgKind = Reporters[random.Next(Reporters.Length)],
                };
                continue;
            }

            var detection = neighbours.Length > 0 && random.NextDouble() > options.HomeDetectionShare
                ? Skewed(random, neighbours)
                : home;
            var cls = SyntheticShares.Pick(random, SyntheticShares.Flows);
            if (!candidates.TryGetValue((cls, detection.Index), out var origins))
            {
                origins = Origins(cls, detection, grouped);
                candidates[(cls, detection.Index)] = origins;
            }

            Country? citizenship = origins.Length == 0 ? null : Skewed(random, origins);
            var (sex, age) = SyntheticShares.Pick(random, random.NextDouble() < SyntheticShares.OtherOrUnknownSexAge ? rare : common);
            var form = SyntheticShares.Pick(random, SyntheticShares.Forms);
            var date = new DateOnly(options.FromYear + random.Next(years), 1, 1).AddDays(random.Next(365));
            records[i] = new StatisticsRecord(
                PersonKey: 1_000_000_000L + i,
                Indicator: Indicator.DetectedVictims,
                IdentifiedOn: date,
                Sex: sex,
                Age: age,
                Form: form,
                Citizenship: citizenship?.Code,
                CountryOfDetection: detection.Code,
                RecruitmentCountry: random.NextDouble() < 0.8 ? citizenship?.Code : null,
                ExploitationCountry: random.NextDouble() < 0.9 ? detection.Code : null,
                ReportingOrgKind: Reporters[random.Next(Reporters.Length)],
                Ctdc: SyntheticCtdc.Attributes(random, age, form));
        }

        return records;
    }

    private static Country[] Origins(FlowClass cls, Country detection, Country[] grouped)
    {
        Country[] Candidates(Func<Country, bool> predicate) => grouped.Where(predicate).ToArray();
        return cls switch
        {
            FlowClass.Domestic => [detection],
            FlowClass.Subregional => Candidates(c => c.Subregion == detection.Subregion && c.Index != detection.Index),
            FlowClass.Intraregional => Candidates(c => c.Region == detection.Region && c.Subregion != detection.Subregion),
            FlowClass.Transregional => Candidates(c => c.Region != detection.Region),
            _ => [],
        };
    }

    /// <summary>A few frequent countries and a long tail of rare ones, as in real flow data.</summary>
    private static Country Skewed(Random random, Country[] candidates)
    {
        var u = random.NextDouble();
        return candidates[(int)(candidates.Length * u * u * u)];
    }
}
