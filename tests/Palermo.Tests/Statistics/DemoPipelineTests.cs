using Palermo.Accounts;
using Palermo.Demo;
using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

/// <summary>The whole pipeline on demo data: seeded cases → records → engine → national tables reproduce the
/// shares the demo generator was calibrated to, within sampling error.</summary>
public sealed class DemoPipelineTests
{
    [Fact]
    public async Task NationalTables_DemoCases_ReproduceGeneratorShares()
    {
        await using var t = await TestDatabase.CreateAsync();
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(3000, 11, Actor.Cli));
        var result = await t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(new StatisticsRequest(Unsuppressed: true), Actor.Cli));
        var cube = result.Cube;
        var years = cube.Years.ToList();
        int Sum(Func<int, int> f) => years.Sum(f);
        var total = Sum(y => cube.SexAge(Indicator.DetectedVictims, y, Sex.Female, AgeGroup.Adult) + cube.SexAge(Indicator.DetectedVictims, y, Sex.Female, AgeGroup.Child)
            + cube.SexAge(Indicator.DetectedVictims, y, Sex.Male, AgeGroup.Adult) + cube.SexAge(Indicator.DetectedVictims, y, Sex.Male, AgeGroup.Child));
        Assert.InRange(total, 2900, 3000);

        // Four standard errors of a share p over n persons: sqrt(p(1-p)/n) ≈ 0.009 at n = 3000.
        void Near(double expected, int count) => Assert.InRange((double)count / total, expected - 0.04, expected + 0.04);
        foreach (var (female, child, share) in DemoCaseGenerator.SexAge)
        {
            // Children whose age was estimated near 18 can fall either side; the generator draws ages 9–17 for children.
            Near(share, Sum(y => cube.SexAge(Indicator.DetectedVictims, y, female ? Sex.Female : Sex.Male, child ? AgeGroup.Child : AgeGroup.Adult)));
        }

        Near(0.38, Sum(y => cube.Form(Indicator.DetectedVictims, y, ExploitationForm.Sexual)));
        Near(0.42, Sum(y => cube.Form(Indicator.DetectedVictims, y, ExploitationForm.ForcedLabour)));
        Near(0.08, Sum(y => cube.Form(Indicator.DetectedVictims, y, ExploitationForm.ForcedCriminalActivity)));
        var ita = ComputeStatistics.Countries.IndexOf(CountryCode.Parse("ITA"));
        Near(DemoCaseGenerator.DomesticShare, Sum(y => cube.Flow(Indicator.DetectedVictims, y, ita, ita)));
    }

    [Fact]
    public async Task Snapshot_FilteredToOneOrganisationKind_BuildsTablesAndCharts()
    {
        await using var t = await TestDatabase.CreateAsync();
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(300, 5, Actor.Cli));
        var request = new StatisticsRequest(OrganisationKinds: new HashSet<Palermo.Organisations.OrganisationKind> { Palermo.Organisations.OrganisationKind.Police });
        var result = await t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(request, Actor.Cli));
        var snapshot = Palermo.Statistics.Publications.StatisticsSnapshot.Build(result.Publication);
        Assert.Equal(5, snapshot.Charts.Count);
        Assert.NotEmpty(snapshot.Years);
    }
}
