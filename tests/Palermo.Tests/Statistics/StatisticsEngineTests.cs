using Palermo.Organisations;
using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

public sealed class StatisticsEngineTests
{
    /// <summary>The representative record of each person-year, computed the obvious way with LINQ.</summary>
    private static List<StatisticsRecord> NaiveUniquePersons(IEnumerable<StatisticsRecord> records) =>
        records.Select((r, i) => (r, i))
            .GroupBy(x => (x.r.PersonKey, x.r.Indicator, x.r.Year))
            .Select(g => g.OrderBy(x => x.r.IdentifiedOn).ThenBy(x => x.i).First().r)
            .ToList();

    [Fact]
    public void Compute_GeneratedRecords_SexAgeAndFormsMatchNaiveGroupBy()
    {
        var records = TestData.MediumRecords;
        var cube = StatisticsEngine.Compute(records, new StatisticsQuery(), TestData.Countries);
        var unique = NaiveUniquePersons(records);

        Assert.Equal(unique.Count, cube.PersonsCounted);
        Assert.Equal(records.Length - unique.Count, cube.DuplicatesMerged);
        foreach (var g in unique.GroupBy(r => (r.Year, r.Sex, r.Age)))
        {
            Assert.Equal(g.Count(), cube.SexAge(Indicator.DetectedVictims, g.Key.Year, g.Key.Sex, g.Key.Age));
        }

        foreach (var g in unique.GroupBy(r => (r.Year, r.Form)))
        {
            Assert.Equal(g.Count(), cube.Form(Indicator.DetectedVictims, g.Key.Year, g.Key.Form));
        }
    }

    [Fact]
    public void Compute_GeneratedRecords_FlowsAndRecruitmentMatchNaiveGroupBy()
    {
        var records = TestData.MediumRecords;
        var countries = TestData.Countries;
        var cube = StatisticsEngine.Compute(records, new StatisticsQuery(From: 2019, To: 2021), countries);
        var unique = NaiveUniquePersons(records.Where(r => r.Year is >= 2019 and <= 2021));
        int Slot(CountryCode? c) => countries.IndexOf(c) is var i and >= 0 ? i : cube.UnknownCountry;

        foreach (var g in unique.GroupBy(r => (r.Year, C: Slot(r.Citizenship), D: Slot(r.CountryOfDetection))))
        {
            Assert.Equal(g.Count(), cube.Flow(Indicator.DetectedVictims, g.Key.Year, g.Key.C, g.Key.D));
        }

        foreach (var g in unique.GroupBy(r => (r.Year, R: Slot(r.RecruitmentCountry), E: Slot(r.ExploitationCountry))))
        {
            Assert.Equal(g.Count(), cube.Recruitment(Indicator.DetectedVictims, g.Key.Year, g.Key.R, g.Key.E));
        }
    }

    [Fact]
    public void Compute_SamePersonTwiceInYear_CountedOnceWithEarliestAttributes()
    {
        StatisticsRecord[] records =
        [
            TestData.Victim(1, "2022-06-01", sex: Sex.Male, form: ExploitationForm.ForcedLabour),
            TestData.Victim(1, "2022-02-01", sex: Sex.Female, form: ExploitationForm.Sexual),
            TestData.Victim(1, "2023-01-05", sex: Sex.Male),
        ];

        var cube = StatisticsEngine.Compute(records, new StatisticsQuery(), TestData.Countries);

        Assert.Equal(1, cube.SexAge(Indicator.DetectedVictims, 2022, Sex.Female, AgeGroup.Adult));
        Assert.Equal(0, cube.SexAge(Indicator.DetectedVictims, 2022, Sex.Male, AgeGroup.Adult));
        Assert.Equal(1, cube.Form(Indicator.DetectedVictims, 2022, ExploitationForm.Sexual));
        Assert.Equal(1, cube.SexAge(Indicator.DetectedVictims, 2023, Sex.Male, AgeGroup.Adult));
        Assert.Equal(2, cube.PersonsCounted);
    }

    [Fact]
    public void Compute_FilterByOrganisationKindAndRegion_CountsOnlyMatchingRecords()
    {
        var records = TestData.MediumRecords;
        var query = new StatisticsQuery(OrganisationKinds: new HashSet<OrganisationKind> { OrganisationKind.NonGovernmentalOrganisation },
            DetectionRegion: "western and southern europe");
        var cube = StatisticsEngine.Compute(records, query, TestData.Countries);
        var wse = TestData.Countries.Countries.Where(c => c.Subregion >= 0 && TestData.Countries.Subregions[c.Subregion] == "Western and Southern Europe")
            .Select(c => c.Alpha3).ToHashSet();
        var expected = NaiveUniquePersons(records.Where(r => r.ReportingOrgKind == OrganisationKind.NonGovernmentalOrganisation
            && r.CountryOfDetection is { } d && wse.Contains(d.ToString())));

        Assert.Equal(expected.Count, cube.PersonsCounted);
        Assert.True(cube.PersonsCounted < records.Length / 3, "the NGO filter should leave a minority of records");
    }

    [Fact]
    public void Compute_VictimsAndSuspects_SeparateIndicatorTables()
    {
        var victims = Enumerable.Range(0, 7).Select(i => TestData.Victim(i, "2022-03-01"));
        var suspects = Enumerable.Range(0, 9).Select(i => TestData.Victim(i, "2022-04-01", sex: Sex.Male) with { Indicator = Indicator.Suspects });

        var cube = StatisticsEngine.Compute(victims.Concat(suspects).ToArray(), new StatisticsQuery(), TestData.Countries);
        var publication = Palermo.Statistics.Disclosure.Publication.Protect(cube);

        Assert.Equal(7, cube.SexAge(Indicator.DetectedVictims, 2022, Sex.Female, AgeGroup.Adult));
        Assert.Equal(9, cube.SexAge(Indicator.Suspects, 2022, Sex.Male, AgeGroup.Adult));
        Assert.Equal([Indicator.DetectedVictims, Indicator.Suspects], publication.Systems.Select(s => s.System.Indicator));
        Assert.Contains(publication.Observations(), o => o.Key == CellKey.Grand(Indicator.Suspects, 2022) && o.Value == 9);
    }
}
