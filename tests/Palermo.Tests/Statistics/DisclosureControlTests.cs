using Palermo.Statistics;
using Palermo.Statistics.Disclosure;

namespace Palermo.Tests.Statistics;

public sealed class DisclosureControlTests
{
    public static TheoryData<int, int, int, double> Datasets => new()
    {
        { 1, 1, 5, 0.9 },      // a single person: everything non-zero is small
        { 40, 2, 5, 0.9 },     // a tiny year: most cells small
        { 400, 3, 5, 0.9 },
        { 3_000, 4, 5, 0.9 },  // many small citizenship cells and flow lines
        { 3_000, 5, 11, 0.9 }, // a stricter threshold
        { 3_000, 6, 3, 0.9 },  // a laxer threshold
        { 4_000, 7, 5, 0.4 },  // a regional data set: many countries of detection, rich region matrix
    };

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Protect_AttackerSolvingPublishedTotals_RecoversNoSuppressedCell(int count, int seed, int threshold, double homeShare)
    {
        var records = Palermo.Statistics.Synthetic.SyntheticRecordGenerator.Generate(
            new Palermo.Statistics.Synthetic.SyntheticOptions(count, seed, 2022, 2022, HomeDetectionShare: homeShare), TestData.Countries);
        var cube = StatisticsEngine.Compute(records, new StatisticsQuery(), TestData.Countries);
        var publication = Publication.Protect(cube, new DisclosureOptions(threshold));

        foreach (var system in publication.Systems)
        {
            Assert.Empty(Attacker.Recover(system, TestData.Countries));
            Assert.All(system.Status.Select((s, i) => (s, i)).Where(x => x.s != CellStatus.Published),
                x => Assert.True(system.System.Values[x.i] > 0, "a suppressed cell is never a zero"));
        }
    }

    [Fact]
    public void Protect_PrimarySuppressionAlone_AttackerRecoversCells()
    {
        // Guards the attacker itself: without secondary suppression it must find the leaks.
        var cube = StatisticsEngine.Compute(TestData.Records(3_000, 4, 2022, 2022), new StatisticsQuery(), TestData.Countries);
        var system = Publication.Protect(cube).Systems.Single();
        var primaryOnly = system.Status.Select(s => s == CellStatus.Secondary ? CellStatus.Published : s).ToList();

        Assert.Contains(system.Status, s => s == CellStatus.Secondary);
        Assert.NotEmpty(Attacker.Recover(system.System.Keys, primaryOnly, TestData.Countries));
    }

    [Fact]
    public void Protect_OneSmallCellInARow_SuppressesSmallestOtherCellAsX()
    {
        // 3 women (primary), 40 men, 12 of unknown sex, all adults of Italy: the women's cell could be
        // recomputed as total − men − unknown, so the smallest other non-zero cell (12) must go too.
        var records = Enumerable.Range(0, 3).Select(i => TestData.Victim(i, "2022-01-01", sex: Sex.Female))
            .Concat(Enumerable.Range(10, 40).Select(i => TestData.Victim(i, "2022-01-01", sex: Sex.Male)))
            .Concat(Enumerable.Range(100, 12).Select(i => TestData.Victim(i, "2022-01-01", sex: Sex.Unknown)))
            .ToArray();
        var publication = Publication.Protect(StatisticsEngine.Compute(records, new StatisticsQuery(), TestData.Countries));
        var byKey = publication.Observations().ToDictionary(o => (o.Key.Sex, o.Key.Age, o.Key.Country, o.Key.Exploitation, o.Key.Citizenship, o.Key.Flow));
        string Shown(string sex, string age) => publication.Format(byKey[(sex, age, "_T", "_T", "_T", "_T")]);

        Assert.Equal("<5", Shown("F", "Y_GE18"));
        Assert.Equal("x", Shown("U", "Y_GE18"));
        Assert.Equal("40", Shown("M", "Y_GE18"));
        Assert.Equal("55", Shown("_T", "_T"));
    }

    [Fact]
    public void Protect_NoSmallCells_SuppressesNothing()
    {
        // Every non-zero cell is ≥ 5: 10 persons per sex × age × form × (ITA or NGA) group.
        var records = new List<StatisticsRecord>();
        var key = 0L;
        foreach (var sex in new[] { Sex.Female, Sex.Male })
        {
            foreach (var age in new[] { AgeGroup.Child, AgeGroup.Adult })
            {
                foreach (var form in new[] { ExploitationForm.Sexual, ExploitationForm.ForcedLabour, ExploitationForm.Begging })
                {
                    foreach (var citizenship in new[] { "ITA", "NGA" })
                    {
                        for (var i = 0; i < 10; i++)
                        {
                            records.Add(TestData.Victim(key++, "2021-03-03", sex, age, form, citizenship) with
                            {
                                RecruitmentCountry = CountryCode.Parse(citizenship),
                                ExploitationCountry = CountryCode.Parse("ITA"),
                            });
                        }
                    }
                }
            }
        }

        var publication = Publication.Protect(StatisticsEngine.Compute(records.ToArray(), new StatisticsQuery(), TestData.Countries));

        Assert.All(publication.Observations(), o => Assert.Equal(CellStatus.Published, o.Status));
        Assert.Equal(0.5, publication.Systems.Single().DomesticShare());
    }

    [Fact]
    public void UnsuppressedNationalData_SmallCells_PublishedAsTrueCounts()
    {
        var publication = Publication.UnsuppressedNationalData(StatisticsEngine.Compute([TestData.Victim(1, "2022-05-05")], new StatisticsQuery(), TestData.Countries));

        Assert.True(publication.IsUnsuppressed);
        Assert.All(publication.Observations(), o => Assert.Equal(CellStatus.Published, o.Status));
        Assert.Contains(publication.Observations(), o => o.Key.Flow == "DOMESTIC" && o.Key.Country == "ITA" && o.Value == 1);
    }
}
