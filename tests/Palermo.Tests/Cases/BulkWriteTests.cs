using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Demo;
using Palermo.Consent;
using Palermo.Privacy;
using Palermo.Referrals;
using Palermo.Tests.Cases.Htcds;

namespace Palermo.Tests.Cases;

/// <summary>Cases written by the bulk path (HTCDS import, demo seeding) are found like registered ones.</summary>
public sealed class BulkWriteTests
{
    private const string Header = "pal_ExternalId,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,prs_IdentityNumber,vic_TypeOfExploitation,hte_Type,hte_Country,hte_Date,pal_CountryOfDetection,pal_IdentificationDate";

    private static readonly string Csv = Header + "\r\n"
        + "B-1,Olena,Kovalenko,1998-04-12,Feminine,UA,FE 123456,SexualExploitation,Recruitment;Exploitation,UKR;ITA,2025-09-01;2025-11-01,IT,2026-02-10\r\n"
        + "B-2,Ngozi,Okafor,1990-01-01,Feminine,NG,A0001,ForcedLabour,,,,IT,2026-01-05\r\n"
        + "B-3,Mihai,Popescu,1985-06-30,Masculine,RO,,ForcedLabour,,,,IT,2025-12-01\r\n";

    [Fact]
    public async Task LargeLoadOnPostgres_TablesVacuumedAndAnalysed_SoListCountsUseIndexOnlyScans()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        Task<long> Vacuumed() => t.With(sp => sp.Db().Database
            .SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_stat_user_tables WHERE relname IN ('Person', 'Case', 'CaseEvent', 'CaseStatistics') AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL")
            .SingleAsync());
        // Tables that held more rows than the load are left to autovacuum.
        await t.With(sp => CaseBulk.AfterLoadAsync(sp.Db(), CaseBulk.VacuumAfter, [], CancellationToken.None));
        Assert.Equal(0, await Vacuumed());
        await t.With(sp => CaseBulk.AfterLoadAsync(sp.Db(), CaseBulk.VacuumAfter - 1, ["Person", "Case", "CaseEvent", "CaseStatistics"], CancellationToken.None));
        Assert.Equal(0, await Vacuumed());
        await t.With(sp => CaseBulk.AfterLoadAsync(sp.Db(), CaseBulk.VacuumAfter, ["Person", "Case", "CaseEvent", "CaseStatistics"], CancellationToken.None));
        Assert.Equal(4, await Vacuumed());
    }

    /// <summary>
    /// Only tables holding fewer rows than the load count as near-empty: their indexes are deferred and they are the
    /// ones vacuumed after a large load. Tables already holding as many rows keep their indexes live.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PrepareLoad_NamesOnlyTheTablesHoldingFewerRowsThanTheLoad(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        Assert.True((await t.ImportAsync(Csv, HtcdsFiles.Supervisor(w.Ngo))).Succeeded);
        var small = await t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using var bulk = await BulkInserter.OpenAsync(db, CancellationToken.None);
            // Three rows in Person, Case, DataKey and CaseStatistics; a load of three does not count as much larger.
            return await bulk.DeferIndexesAsync(CaseBulk.Tables, 3, keysToOtherTables: false, CancellationToken.None);
        });
        Assert.DoesNotContain("Person", small);
        Assert.DoesNotContain("Case", small);
        Assert.DoesNotContain("CaseStatistics", small);
        Assert.Contains("Referral", small);
        Assert.Contains("ServiceRecord", small);
        Assert.Empty(await t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using var bulk = await BulkInserter.OpenAsync(db, CancellationToken.None);
            return await CaseBulk.PrepareAsync(bulk, 9_999, CaseBulk.Tables, keysToOtherTables: false, CancellationToken.None);
        }));
    }

    /// <summary>
    /// Deferring drops a table's indexes until commit, which on PostgreSQL locks out its readers: there only tables
    /// holding at most one row per hundred loaded qualify, and never a table the load does not write (an import writes
    /// no referrals). SQLite's readers are not blocked, so any table holding fewer rows than the load qualifies.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeferredIndexes_OnlyForTablesTheLoadWrites_AndOnPostgresOnlyWhenNearlyEmpty(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        Assert.True((await t.ImportAsync(Csv, HtcdsFiles.Supervisor(w.Ngo))).Succeeded);
        Task<int> Secondary(PalermoDbContext db, string table) => (provider == DatabaseProvider.Postgres
            ? db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_indexes WHERE tablename = {table} AND indexname NOT LIKE 'PK%'")
            : db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = {table} AND sql IS NOT NULL")).SingleAsync();
        var before = await t.With(async sp => (await Secondary(sp.Db(), "Person"), await Secondary(sp.Db(), "Referral")));
        var during = await t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using var bulk = await BulkInserter.OpenAsync(db, CancellationToken.None);
            // Three persons are held: fewer than a load of 200, but more than one in a hundred of it.
            await bulk.DeferIndexesAsync(CaseBulk.ImportTables, 200, keysToOtherTables: false, CancellationToken.None);
            return (await Secondary(db, "Person"), await Secondary(db, "Referral"));
        });
        Assert.True(before.Item1 > 0 && before.Item2 > 0);
        Assert.Equal(provider == DatabaseProvider.Postgres ? before.Item1 : 0, during.Item1);
        Assert.Equal(before.Item2, during.Item2);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BulkImportedPerson_IsFoundByLookupNameSearchAndDuplicateWarning(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        Task<CasePage> List(CaseQuery q) => t.With(sp => sp.Get<ListCases>().HandleAsync(q, w.NgoWorker));
        // Searching first builds this process's encoding index, which the bulk write must then invalidate.
        Assert.Empty((await List(new CaseQuery { Name = "Elena Kovalenko" })).Items);

        var result = await t.ImportAsync(Csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var olena = await t.With(sp => sp.Db().Cases.Where(c => c.ExternalId == "B-1").Select(c => new { c.Id, c.Reference }).SingleAsync());

        Assert.Equal(olena.Reference, Assert.Single((await List(new CaseQuery { Lookup = olena.Reference })).Items).Reference);
        Assert.Equal(olena.Reference, Assert.Single((await List(new CaseQuery { Lookup = "fe-123456" })).Items).Reference);
        Assert.Equal(olena.Reference, Assert.Single((await List(new CaseQuery { Name = "Elena Kovalenko" })).Items).Reference);
        Assert.Equal(3, (await List(new CaseQuery())).Total);
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(olena.Id, w.NgoWorker));
        Assert.Equal(("Olena", "Kovalenko", "FE 123456"), (view.Person!.GivenName, view.Person.FamilyName, view.Person.DocumentNumber));
        Assert.Equal(2, view.Events.Count);

        var registered = await w.RegisterAsync(CaseWorld.Input("Olena", "Kovalenko"));
        Assert.Contains(olena.Reference, registered.PossibleDuplicates);

        // Re-importing the same file adds nothing; the references continue after the imported ones.
        var again = await t.ImportAsync(Csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal((0, 3), (again.Imported, again.Skipped));
        Assert.Equal(4, await t.CountCasesAsync(w.Ngo));
        var references = await t.With(sp => sp.Db().Cases.Select(c => c.Reference).ToListAsync());
        Assert.Equal(4, references.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SeededPerson_IsFoundByReferenceAndFuzzyName_AndNumbersContinue(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(200, 7, Actor.Cli));
        var (caseId, reference, org) = await t.With(async sp =>
        {
            var c = await sp.Db().Cases.OrderBy(c => c.Reference).Select(c => new { c.Id, c.Reference, c.OrganisationId }).FirstAsync();
            return (c.Id, c.Reference, c.OrganisationId);
        });
        var worker = new Actor(Guid.NewGuid(), org, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var person = (await t.With(sp => sp.Get<GetCase>().HandleAsync(caseId, worker))).Person!;
        Task<CasePage> List(CaseQuery q) => t.With(sp => sp.Get<ListCases>().HandleAsync(q, worker));

        Assert.Equal(reference, Assert.Single((await List(new CaseQuery { Lookup = reference })).Items).Reference);
        // One letter changed: the Bloom-filter search still finds the person.
        var typo = person.GivenName[..^1] + (person.GivenName[^1] == 'a' ? 'e' : 'a') + " " + person.FamilyName;
        Assert.Contains(reference, (await List(new CaseQuery { Name = typo, PageSize = 100 })).Items.Select(i => i.Reference));

        await t.With(async sp =>
        {
            var db = sp.Db();
            Assert.Equal(200, await db.Cases.CountAsync());
            Assert.Equal(200, await db.Cases.Select(c => c.Reference).Distinct().CountAsync());
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Event == AuditEvent.DemoSeeded));
            Assert.True((await sp.Get<VerifyAuditLog>().HandleAsync(null)).Intact);
        });

        // A registration after seeding takes the next free number of its year.
        var year2026 = await t.With(sp => sp.Db().Cases.CountAsync(c => c.Reference.StartsWith("PAL-2026-")));
        var registered = await t.With(sp => sp.Get<RegisterVictim>().HandleAsync(CaseWorld.Input(), worker));
        Assert.Equal(CaseReferences.Format(2026, year2026 + 1), registered.Reference);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ErasedPerson_DisappearsFromNameSearchAndDuplicateWarnings(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var olena = await w.RegisterAsync();
        Task<CasePage> List() => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = "Elena Kovalenko" }, w.NgoWorker));
        Assert.Equal(olena.Reference, Assert.Single((await List()).Items).Reference);

        var dpo = new Actor(null, w.Ngo.Id, new HashSet<Role> { Role.DataProtectionOfficer }, "127.0.0.1");
        await t.With(sp => sp.Get<ErasePerson>().HandleAsync(olena.CaseId, "request of the person", dpo));

        Assert.Empty((await List()).Items);
        Assert.Empty((await w.RegisterAsync()).PossibleDuplicates);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CaseList_CountsAThousandAheadOfThePage_ThenSaysMoreThan(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(6_000, 3, Actor.Cli));
        // The police unit: the demo refers cases from the police to shelters and NGOs, never to it, so it sees its own only.
        var (org, held) = await t.With(async sp =>
        {
            var police = await sp.Db().Organisations.Where(o => o.Kind == Palermo.Organisations.OrganisationKind.Police).Select(o => o.Id).SingleAsync();
            return (police, await sp.Db().Cases.CountAsync(c => c.OrganisationId == police));
        });
        Assert.InRange(held, ListCases.CountAhead + 1, 3 * ListCases.CountAhead);
        var worker = new Actor(Guid.NewGuid(), org, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        Task<CasePage> Page(int page) => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Page = page, PageSize = 25 }, worker));

        // Page 1: more cases than the count looks ahead — "more than 1,000", and the page itself is full.
        var first = await Page(1);
        Assert.True(first.TotalIsLowerBound);
        Assert.Equal(ListCases.CountAhead, first.Total);
        Assert.Equal(25, first.Items.Count);

        // Far enough in, the rest fits in the look-ahead: the total is exact again, and the last page holds the remainder.
        var last = (held + 24) / 25;
        var end = await Page(last);
        Assert.False(end.TotalIsLowerBound);
        Assert.Equal(held, end.Total);
        Assert.Equal(held - ((last - 1) * 25), end.Items.Count);
        // Past the end: an empty page still says how many there are.
        var beyond = await Page(last + 1);
        Assert.Empty(beyond.Items);
        Assert.Equal((held, false), (beyond.Total, beyond.TotalIsLowerBound));
        // A lookup by reference: one case, total one (known from the short page, without counting).
        var reference = first.Items[3].Reference;
        var found = await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Lookup = reference.ToLowerInvariant() }, worker));
        Assert.Equal((reference, 1, false), (Assert.Single(found.Items).Reference, found.Total, found.TotalIsLowerBound));

        // A narrow filter is counted exactly from the first page.
        var narrow = await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { From = "2026-11-01" }, worker));
        Assert.False(narrow.TotalIsLowerBound);
        Assert.Equal(await t.With(sp => sp.Db().Cases.CountAsync(c => c.OrganisationId == org && c.IdentificationDate >= new DateOnly(2026, 11, 1))), narrow.Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CaseList_MergesReferredCasesIntoTheReceiversPagesInOrder(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var referredCase = await w.RegisterAsync(CaseWorld.Input() with { IdentificationDate = "2026-01-15" });
        var own = new List<string>();
        foreach (var day in new[] { "2026-01-10", "2026-01-20", "2026-01-30" })
        {
            own.Add((await w.RegisterAsync(CaseWorld.Input("Amina", "Haddad") with { IdentificationDate = day }, w.ShelterWorker)).Reference);
        }

        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(referredCase.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(referredCase.CaseId, new(w.Shelter.Id, ["shelter"], [], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));

        Task<CasePage> Page(int page) => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Page = page, PageSize = 2 }, w.ShelterWorker));
        var first = await Page(1);
        var second = await Page(2);
        Assert.Equal(4, first.Total);
        // Newest first: 30 Jan, 20 Jan | 15 Jan (referred), 10 Jan.
        Assert.Equal([own[2], own[1], referredCase.Reference, own[0]], first.Items.Concat(second.Items).Select(i => i.Reference));
        Assert.Equal([false, false, true, false], first.Items.Concat(second.Items).Select(i => i.Referred));
    }
}
