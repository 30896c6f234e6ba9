using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;
using Palermo.Statistics;
using Palermo.Tests.Cases;

namespace Palermo.Tests.Statistics;

/// <summary>The projection from cases to statistics records, checked against a plain in-memory computation over
/// the same entities, on both providers.</summary>
public sealed class CaseRecordsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Load_VariedCases_MatchesIndependentComputation(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var world = await CaseWorld.CreateAsync(t);
        await SeedAsync(t, world, 60);

        var actual = await t.With(sp => sp.Get<LoadStatisticsRecords>().HandleAsync());
        var expected = await t.With(async sp =>
        {
            var db = sp.Db();
            var kinds = await db.Organisations.ToDictionaryAsync(o => o.Id, o => o.Kind);
            var cases = await db.Cases.Include(c => c.Person).Include(c => c.Events).ToListAsync();
            return cases.Where(c => c.TraffickingStatus != TraffickingStatus.NotAVictimOfTrafficking)
                .Select(c => string.Join('|', LoadStatisticsRecords.PersonKey(c.PersonId), c.IdentificationDate.ToString("O"),
                    c.Person.Gender switch { Gender.Feminine => "Female", Gender.Masculine => "Male", Gender.NonSpecifiedUnknown => "Unknown", _ => "Other" },
                    c.AgeAtIdentification is null ? "Unknown" : c.AgeAtIdentification < 18 ? "Child" : "Adult",
                    c.Person.Citizenships.Split(';')[0], c.CountryOfDetection,
                    c.Events.Where(e => e.Type == TraffickingEventType.Recruitment).OrderBy(e => e.Date is null).ThenBy(e => e.Date).Select(e => e.Country).FirstOrDefault() ?? "_U",
                    c.Events.Where(e => e.Type == TraffickingEventType.Exploitation).OrderBy(e => e.Date is null).ThenBy(e => e.Date).Select(e => e.Country).FirstOrDefault() ?? "_U",
                    kinds[c.OrganisationId]))
                .Order(StringComparer.Ordinal).ToList();
        });

        var got = actual.Select(r => string.Join('|', r.PersonKey, r.IdentifiedOn.ToString("O"), r.Sex, r.Age,
                r.Citizenship?.ToString() ?? "", r.CountryOfDetection?.ToString(), r.RecruitmentCountry?.ToString() ?? "_U",
                r.ExploitationCountry?.ToString() ?? "_U", r.ReportingOrgKind))
            .Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, got);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Compute_TwoCasesOfOnePerson_NotAVictim_Erased_CountedAsTheRulesSay(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var world = await CaseWorld.CreateAsync(t);
        await t.With(async sp =>
        {
            var db = sp.Db();
            var now = db.UtcNow;
            var (crypto, index) = (sp.Get<PersonCrypto>(), sp.Get<BlindIndex>());
            var twice = Person.Register(world.Ngo.Id, CaseWorld.Input().ToPerson(), crypto, index, now);
            var notVictim = Person.Register(world.Ngo.Id, CaseWorld.Input("Ana").ToPerson(), crypto, index, now);
            var erased = Person.Register(world.Ngo.Id, (CaseWorld.Input("Irina") with { Gender = "Masculine" }).ToPerson(), crypto, index, now);
            db.Persons.AddRange(twice, notVictim, erased);
            var facts = CaseWorld.Input().ToFacts(now);
            db.Cases.Add(Case.Open("PAL-2026-000001", world.Ngo.Id, twice, facts, null, crypto, now));
            db.Cases.Add(Case.Open("PAL-2026-000002", world.Shelter.Id, twice, facts, null, crypto, now));
            db.Cases.Add(Case.Open("PAL-2026-000003", world.Ngo.Id, notVictim,
                (CaseWorld.Input() with { TraffickingStatus = "NotAVictimOfTrafficking" }).ToFacts(now), null, crypto, now));
            db.Cases.Add(Case.Open("PAL-2026-000004", world.Ngo.Id, erased, facts, null, crypto, now));
            await db.SaveChangesAsync();
            erased.Erase(now);
            await db.SaveChangesAsync();
        });

        var result = await t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(new StatisticsRequest(Unsuppressed: true), Actor.Cli));
        Assert.Equal(2, result.Cube.PersonsCounted);
        Assert.Equal(1, result.Cube.DuplicatesMerged);
        Assert.Equal(1, result.Cube.SexAge(Indicator.DetectedVictims, 2026, Sex.Female, AgeGroup.Adult));
        Assert.Equal(1, result.Cube.SexAge(Indicator.DetectedVictims, 2026, Sex.Male, AgeGroup.Adult));
    }

    [Fact]
    public async Task Compute_EmptyDatabase_FailsNamingTheRecords()
    {
        await using var t = await TestDatabase.CreateAsync();
        var ex = await Assert.ThrowsAsync<StatisticsException>(() => t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(new StatisticsRequest(), Actor.Cli)));
        Assert.Equal("records", ex.Field);
    }

    [Fact]
    public async Task Compute_AnalystAskingForUnsuppressed_IsRefused()
    {
        await using var t = await TestDatabase.CreateAsync();
        var world = await CaseWorld.CreateAsync(t);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ComputeStatistics>().HandleAsync(new StatisticsRequest(Unsuppressed: true), world.Analyst)));
    }

    private static async Task SeedAsync(TestDatabase t, CaseWorld world, int count)
    {
        var statuses = new[] { "PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking" };
        var genders = new[] { "Feminine", "Masculine", "NonConforming", "" };
        var citizenships = new[] { "UKR", "ITA", "NGA;ROU", "ALB" };
        var random = new Random(5);
        for (var i = 0; i < count; i++)
        {
            var input = CaseWorld.Input($"P{i}") with
            {
                TraffickingStatus = statuses[random.Next(3)], Gender = genders[random.Next(4)], Citizenships = [citizenships[random.Next(4)]],
                BirthDate = random.Next(4) == 0 ? null : $"{random.Next(1960, 2020)}-05-0{1 + random.Next(8)}",
                IdentificationDate = $"{random.Next(2022, 2026)}-0{1 + random.Next(9)}-1{random.Next(10)}", DocumentNumber = null,
                Events = random.Next(3) == 0 ? [] : [new EventInput("Recruitment", citizenships[random.Next(4)][..3], "2021-01-01"), new EventInput("Exploitation", "FRA", null)],
            };
            await world.RegisterAsync(input, random.Next(2) == 0 ? world.NgoWorker : world.ShelterWorker);
        }
    }
}
