using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Demo;
using Palermo.Privacy;
using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

/// <summary>
/// Erasure keeps the de-identified counts: the national statistics computed before and after erasing persons — by
/// request and by a retention schedule, with their readable free text redacted — are the same, record for record.
/// </summary>
public sealed class ErasureCountsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Statistics_BeforeAndAfterErasingPersons_AreTheSame(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(400, 17, Actor.Cli));
        var before = await t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(new StatisticsRequest(Unsuppressed: true), Actor.Cli));

        // By request: a dozen persons, each through a data protection officer of the holding organisation.
        var requested = await t.With(sp => sp.Db().Cases.Where(c => c.Status == CaseStatus.Active).OrderBy(c => c.Reference)
            .Select(c => new { c.Id, c.OrganisationId }).Take(12).ToListAsync());
        foreach (var c in requested)
        {
            var dpo = new Actor(Guid.NewGuid(), c.OrganisationId, new HashSet<Role> { Role.DataProtectionOfficer }, "127.0.0.1");
            await t.With(sp => sp.Get<ErasePerson>().HandleAsync(c.Id, "request of the person", dpo));
        }

        // By retention: every holding organisation erases persons whose cases have been closed for a year.
        foreach (var org in await t.With(sp => sp.Db().Cases.Select(c => c.OrganisationId).Distinct().ToListAsync()))
        {
            var dpo = new Actor(Guid.NewGuid(), org, new HashSet<Role> { Role.DataProtectionOfficer }, "127.0.0.1");
            await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(1, dpo));
        }

        t.Time.Advance(TimeSpan.FromDays(400));
        var retained = await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli));
        Assert.True(retained > 0, "the demo has cases closed over a year ago");
        Assert.Equal(12 + retained, await t.With(sp => sp.Db().Persons.CountAsync(p => p.ErasedAt != null)));

        var after = await t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(new StatisticsRequest(Unsuppressed: true), Actor.Cli));
        Assert.Equal(before.Records.Select(r => r.ToString()).Order(StringComparer.Ordinal), after.Records.Select(r => r.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(before.Cube.PersonsCounted, after.Cube.PersonsCounted);
        Assert.Equal(before.Cube.Years, after.Cube.Years);
        foreach (var year in before.Cube.Years)
        {
            foreach (var sex in new[] { Sex.Female, Sex.Male })
            {
                foreach (var age in new[] { AgeGroup.Adult, AgeGroup.Child })
                {
                    Assert.Equal(before.Cube.SexAge(Indicator.DetectedVictims, year, sex, age), after.Cube.SexAge(Indicator.DetectedVictims, year, sex, age));
                }
            }

            foreach (var form in Enum.GetValues<ExploitationForm>())
            {
                Assert.Equal(before.Cube.Form(Indicator.DetectedVictims, year, form), after.Cube.Form(Indicator.DetectedVictims, year, form));
            }
        }
    }
}
