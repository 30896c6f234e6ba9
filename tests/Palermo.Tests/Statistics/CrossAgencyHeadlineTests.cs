using Palermo.CrossAgency;
using Palermo.Data;
using Palermo.Statistics;
using Palermo.Tests.Linkage;

namespace Palermo.Tests.Statistics;

/// <summary>The statistics headline's cross-agency figure: absent until a linkage run completes, then the latest
/// run's unique-person estimate beside the per-organisation count.</summary>
public sealed class CrossAgencyHeadlineTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LatestEstimate_BeforeAndAfterALinkageRun(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CrossAgencyWorld.CreateAsync(t);
        Assert.Null(await t.With(sp => sp.Get<LatestUniquePersonEstimate>().HandleAsync(w.Cases.Analyst)));

        await w.LinkedProjectAsync();
        var estimate = await t.With(sp => sp.Get<LatestUniquePersonEstimate>().HandleAsync(w.Cases.Analyst));
        var statistics = await t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(new StatisticsRequest(Unsuppressed: true), Palermo.Accounts.Actor.Cli));

        // Olena (NGO) and Elena (shelter) are one person to the linkage run, two to the per-organisation count.
        Assert.NotNull(estimate);
        Assert.Equal(3, estimate.UniquePersons);
        Assert.Equal(4, estimate.Records);
        Assert.True(statistics.Cube.PersonsCounted > estimate.UniquePersons);
    }

    [Fact]
    public async Task LatestEstimate_WorkerWithoutStatisticsOrLinkagePermission_NotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CrossAgencyWorld.CreateAsync(t);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<LatestUniquePersonEstimate>().HandleAsync(w.Cases.NgoWorker)));
    }
}
