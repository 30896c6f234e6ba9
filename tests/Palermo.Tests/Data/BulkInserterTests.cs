using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;
using Palermo.Statistics;
using Palermo.Tests.Cases;

namespace Palermo.Tests.Data;

/// <summary>
/// The bulk path (typed SQLite binds, typed binary COPY) stores exactly what SaveChanges stores: the same entities
/// written both ways give identical rows — storage class and bytes on SQLite, typed values on PostgreSQL — in every
/// table a bulk load fills, with every optional field set in one case and empty in the other.
/// </summary>
public sealed class BulkInserterTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BulkWrittenRows_AreTheRowsSaveChangesWrites(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        // Sub-second ticks, so the timestamp text (SQLite) and precision (PostgreSQL) are compared too.
        t.Time.SetUtcNow(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567));
        var w = await CaseWorld.CreateAsync(t);
        var cases = await t.With(sp => Task.FromResult(Build(sp, w)));

        var bulk = await t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using (var inserter = await BulkInserter.OpenAsync(db, CancellationToken.None))
            {
                await CaseBulk.WriteAsync(inserter, cases, _ => OrganisationKind.NonGovernmentalOrganisation, new StatisticsProjection(), CancellationToken.None);
            }

            await tx.CommitAsync();
            return await ReadAsync(db);
        });
        await t.With(DeleteAsync);
        Assert.All(await t.With(ReadAsync), table => Assert.Empty(table.Value));

        var saved = await t.With(async sp =>
        {
            var db = sp.Db();
            foreach (var c in cases)
            {
                db.Add(c.Case);
                if (c.Plan is not null) db.Add(c.Plan);
                foreach (var consent in c.Consents ?? []) db.Add(consent);
            }

            await db.SaveChangesAsync();
            return await ReadAsync(db);
        });

        Assert.Equal(8, saved.Count);
        foreach (var (table, rows) in saved)
        {
            Assert.NotEmpty(rows);
            Assert.Equal(rows, bulk[table]);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ConstraintViolation_InABulkWrite_FailsAndLeavesNothing(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var cases = await t.With(sp => Task.FromResult(Build(sp, w)));
        await t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using var inserter = await BulkInserter.OpenAsync(db, CancellationToken.None);
            // The same data key twice: the primary key refuses the second row.
            var keys = new[] { cases[0].Person.DataKey, cases[0].Person.DataKey };
            await Assert.ThrowsAnyAsync<DbException>(() => inserter.InsertAsync(keys, CancellationToken.None));
        });

        Assert.Equal(0, await t.With(sp => sp.Db().Set<DataKey>().CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeferredIndexes_AreBuiltAgainBeforeCommit_AndFoundByTheLookups(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var before = await t.With(sp => IndexesAsync(sp.Db()));
        var cases = await t.With(sp => Task.FromResult(Build(sp, w)));
        await t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using (var inserter = await BulkInserter.OpenAsync(db, CancellationToken.None))
            {
                await inserter.DeferIndexesAsync(CaseBulk.Tables, 1, keysToOtherTables: false, CancellationToken.None);
                Assert.NotEqual(before, await IndexesAsync(db));
                await CaseBulk.WriteAsync(inserter, cases, _ => OrganisationKind.NonGovernmentalOrganisation, new StatisticsProjection(), CancellationToken.None);
                await inserter.BuildDeferredIndexesAsync(CancellationToken.None);
            }

            await tx.CommitAsync();
        });

        Assert.Equal(before, await t.With(sp => IndexesAsync(sp.Db())));
        var reference = cases[0].Case.Reference;
        Assert.Equal(reference, Assert.Single((await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Lookup = reference }, w.NgoWorker))).Items).Reference);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeferredUniqueIndex_RefusesDuplicatesWhenBuilt_AndTheLoadRollsBackWithTheOldIndexes(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var before = await t.With(sp => IndexesAsync(sp.Db()));
        var cases = await t.With(sp => Task.FromResult(Build(sp, w)));
        var clash = await t.With(sp => Task.FromResult(Build(sp, w)));
        await Assert.ThrowsAnyAsync<DbException>(() => t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using (var inserter = await BulkInserter.OpenAsync(db, CancellationToken.None))
            {
                await inserter.DeferIndexesAsync(CaseBulk.Tables, 1, keysToOtherTables: false, CancellationToken.None);
                // Same case references twice: only the rebuilt unique index can notice.
                await CaseBulk.WriteAsync(inserter, [.. cases, .. clash], _ => OrganisationKind.NonGovernmentalOrganisation, new StatisticsProjection(), CancellationToken.None);
                await inserter.BuildDeferredIndexesAsync(CancellationToken.None);
            }

            await tx.CommitAsync();
        }));

        Assert.Equal(before, await t.With(sp => IndexesAsync(sp.Db())));
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LoadAbandonedWithIndexesDropped_RollsBack_SoNothingCommitsWithoutIndexes(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var before = await t.With(sp => IndexesAsync(sp.Db()));
        var cases = await t.With(sp => Task.FromResult(Build(sp, w)));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using (var inserter = await BulkInserter.OpenAsync(db, CancellationToken.None))
            {
                await inserter.DeferIndexesAsync(CaseBulk.Tables, 1, keysToOtherTables: false, CancellationToken.None);
                await CaseBulk.WriteAsync(inserter, cases, _ => OrganisationKind.NonGovernmentalOrganisation, new StatisticsProjection(), CancellationToken.None);
                // Ends (as an error or a cancellation would) without building the indexes again.
            }

            await tx.CommitAsync();
        }));

        Assert.Equal(before, await t.With(sp => IndexesAsync(sp.Db())));
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));
    }

    /// <summary>
    /// A row whose parent is missing: SQLite refuses it at once, PostgreSQL (whose keys between the loaded tables are
    /// deferred with the indexes) when the key is added back — either way the load fails and leaves nothing, with
    /// every index and key as before.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeferredForeignKey_RefusesAnOrphanWhenAddedBack_AndTheLoadRollsBack(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var before = await t.With(sp => IndexesAsync(sp.Db()));
        var cases = await t.With(sp => Task.FromResult(Build(sp, w)));
        var orphan = new Palermo.Consent.ConsentRecord(Guid.NewGuid(), w.Ngo.Id, Palermo.Consent.ConsentPurpose.Assistance, null,
            Palermo.Consent.ConsentRecordedAs.Written, null, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        await Assert.ThrowsAnyAsync<DbException>(() => t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using (var inserter = await BulkInserter.OpenAsync(db, CancellationToken.None))
            {
                await inserter.DeferIndexesAsync(CaseBulk.Tables, 1, keysToOtherTables: false, CancellationToken.None);
                await CaseBulk.WriteAsync(inserter, cases, _ => OrganisationKind.NonGovernmentalOrganisation, new StatisticsProjection(), CancellationToken.None);
                await inserter.InsertAsync([orphan], CancellationToken.None);
                await inserter.BuildDeferredIndexesAsync(CancellationToken.None);
            }

            await tx.CommitAsync();
        }));

        Assert.Equal(before, await t.With(sp => IndexesAsync(sp.Db())));
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().Set<Palermo.Consent.ConsentRecord>().CountAsync()));
    }

    /// <summary>
    /// The demo seed also defers the keys to tables it does not load (organisations, service types): a service record
    /// whose provider is no organisation still fails the load when the key is added back (PostgreSQL; SQLite refuses it
    /// at once), nothing is left, and every key and index is as before. A clean load with the same choice ends with the
    /// same keys and indexes it started with.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeferredKeysToOtherTables_RefuseAnUnknownProviderWhenAddedBack_AndComeBackIdentical(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var before = await t.With(sp => IndexesAsync(sp.Db()));
        var now = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

        async Task LoadAsync(IServiceProvider sp, List<NewCase> cases, Guid providerId)
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await using (var inserter = await BulkInserter.OpenAsync(db, CancellationToken.None))
            {
                await inserter.DeferIndexesAsync(CaseBulk.Tables, 1, keysToOtherTables: true, CancellationToken.None);
                await CaseBulk.WriteAsync(inserter, cases, _ => OrganisationKind.NonGovernmentalOrganisation, new StatisticsProjection(), CancellationToken.None);
                await inserter.InsertAsync([new ServiceRecord(cases[0].Case.Id, "shelter", providerId, new DateOnly(2026, 2, 11), null, ServiceStatus.InProgress, null, null, now)], CancellationToken.None);
                if (db.IsPostgres)
                {
                    // Deferred, not checked row by row: during the load no key leads from the loaded tables to the organisations.
                    var names = CaseBulk.Tables.Select(type => db.Model.FindEntityType(type)!.GetTableName()!).ToList();
                    Assert.Equal(0, await db.Database.SqlQuery<int>(
                        $"SELECT count(*)::int AS \"Value\" FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid WHERE c.contype = 'f' AND r.relname = 'Organisation' AND t.relname = ANY({names})").SingleAsync());
                }

                await inserter.BuildDeferredIndexesAsync(CancellationToken.None);
            }

            await tx.CommitAsync();
        }

        var orphaned = await t.With(sp => Task.FromResult(Build(sp, w)));
        await Assert.ThrowsAnyAsync<DbException>(() => t.With(sp => LoadAsync(sp, orphaned, Guid.NewGuid())));
        Assert.Equal(before, await t.With(sp => IndexesAsync(sp.Db())));
        Assert.Equal(0, await t.With(sp => sp.Db().Cases.CountAsync()));
        Assert.Equal(0, await t.With(sp => sp.Db().Services.CountAsync()));

        var clean = await t.With(sp => Task.FromResult(Build(sp, w)));
        await t.With(sp => LoadAsync(sp, clean, w.Ngo.Id));
        Assert.Equal(before, await t.With(sp => IndexesAsync(sp.Db())));
        Assert.Equal(1, await t.With(sp => sp.Db().Services.CountAsync()));
    }

    /// <summary>Every index of the bulk tables with its definition.</summary>
    private static async Task<List<string>> IndexesAsync(PalermoDbContext db)
    {
        var names = CaseBulk.Tables.Select(type => db.Model.FindEntityType(type)!.GetTableName()!).ToList();
        var sql = db.IsPostgres
            ? db.Database.SqlQuery<string>($"SELECT tablename || ': ' || indexdef AS \"Value\" FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY({names})")
            : db.Database.SqlQuery<string>($"SELECT tbl_name || ': ' || name || ' ' || coalesce(sql, '') AS \"Value\" FROM sqlite_master WHERE type = 'index'");
        var all = await sql.ToListAsync();
        if (db.IsPostgres)
        {
            // Foreign keys between the loaded tables are deferred with the indexes and must come back identical.
            all.AddRange(await db.Database.SqlQuery<string>(
                $"SELECT t.relname || ': ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS \"Value\" FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY({names})").ToListAsync());
        }

        var result = all.Where(i => names.Any(n => i.StartsWith(n + ":", StringComparison.Ordinal))).ToList();
        result.Sort(StringComparer.Ordinal);
        Assert.NotEmpty(result);
        return result;
    }

    private static List<NewCase> Build(IServiceProvider sp, CaseWorld w)
    {
        var (crypto, index, encoder) = (sp.Get<PersonCrypto>(), sp.Get<BlindIndex>(), sp.Get<NameEncoder>());
        var now = sp.Get<TimeProvider>().GetUtcNow().UtcDateTime;
        var full = new PersonDetails("Olena", "Kovalenko-Šević", "Lena; Olenka", new DateOnly(1998, 4, 12), Gender.Feminine, ["UKR", "ITA"],
            "uk; ru", "+39 333 1234567", "FE 123456");
        var person = Person.Register(w.Ngo.Id, full, crypto, index, now);
        person.SetEncoding(encoder.Encode(full));
        var facts = new CaseFacts(TraffickingStatus.PossibleVictimOfTrafficking, DecisionMakingOrg.NGO, ExploitationType.SexualExploitation | ExploitationType.ForcedLabour,
            MethodOfControl.DebtBondage | MethodOfControl.WithholdsDocuments, LabourIndustry.A_AgricultureForestryAndFishing, SexExploitationType.Prostitution, "ITA",
            new DateOnly(2026, 2, 10), new DateOnly(1998, 4, 12), null, true, "Appointed guardian",
            RiskLevel.High, [new(TraffickingEventType.Recruitment, "UKR", new DateOnly(2025, 9, 1)), new(TraffickingEventType.Exploitation, "ITA", null)]);
        var c = Case.Open("PAL-2026-000001", w.Ngo.Id, person, facts, w.NgoWorker.UserId, crypto, now);
        c.SetExternalId("EXT-1");
        c.RecordReasonableGrounds(new DateOnly(2026, 2, 12), GroundsOutcome.Positive, "Consistent account", crypto, now);
        c.RecordConclusiveGrounds(new DateOnly(2026, 2, 20), GroundsOutcome.Positive, "Confirmed", crypto, now);
        c.Close(CaseStatus.ClosedReferred, "Referred to the shelter", now);
        var plan = SupportPlan.Create(c, new SupportPlanFacts(SupportPlanType.Health | SupportPlanType.Education, "Recover", "Weekly visits",
            new DateOnly(2026, 6, 1), null), crypto, now);
        var consent = new ConsentRecord(person.Id, w.Ngo.Id, ConsentPurpose.Assistance, null, ConsentRecordedAs.Written, w.NgoWorker.UserId, now);

        var bare = new PersonDetails("Amina", null, null, null, Gender.NonSpecifiedUnknown, [], null, null, null);
        var second = Person.Register(w.Ngo.Id, bare, crypto, index, now);
        var minimal = new CaseFacts(TraffickingStatus.PossibleVictimOfTrafficking, null, ExploitationType.Other, MethodOfControl.None, null,
            SexExploitationType.None, "ITA", new DateOnly(2025, 12, 31), null, null, null, null, RiskLevel.Low, []);
        return [new NewCase(person, c, plan, [consent]), new NewCase(second, Case.Open("PAL-2025-000001", w.Ngo.Id, second, minimal, null, crypto, now))];
    }

    private static readonly Type[] Tables =
        [typeof(CaseStatistics), typeof(ConsentRecord), typeof(SupportPlan), typeof(CaseAssignment), typeof(CaseEvent), typeof(Case), typeof(Person), typeof(DataKey)];

    private static async Task DeleteAsync(IServiceProvider sp)
    {
        var db = sp.Db();
        await db.Set<CaseStatistics>().ExecuteDeleteAsync();
        await db.Set<ConsentRecord>().ExecuteDeleteAsync();
        await db.Set<SupportPlan>().ExecuteDeleteAsync();
        await db.Set<CaseAssignment>().ExecuteDeleteAsync();
        await db.Set<CaseEvent>().ExecuteDeleteAsync();
        await db.Set<Case>().ExecuteDeleteAsync();
        await db.Set<Person>().ExecuteDeleteAsync();
        await db.Set<DataKey>().ExecuteDeleteAsync();
    }

    /// <summary>Every row of every table, each value with its stored type (SQLite storage class, or the PostgreSQL column's CLR type), sorted.</summary>
    private static async Task<Dictionary<string, List<string>>> ReadAsync(IServiceProvider sp) => await ReadAsync(sp.Db());

    private static async Task<Dictionary<string, List<string>>> ReadAsync(PalermoDbContext db)
    {
        var result = new Dictionary<string, List<string>>();
        await db.Database.OpenConnectionAsync();
        foreach (var type in Tables)
        {
            var table = db.Model.FindEntityType(type)!.GetTableName()!;
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
#pragma warning disable CA2100 // table names from the EF model
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
#pragma warning restore CA2100
            var rows = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + Show(reader.GetValue(i)))));
                }
            }

            rows.Sort(StringComparer.Ordinal);
            result[table] = rows;
        }

        return result;
    }

    private static string Show(object value) => value switch
    {
        DBNull => "null",
        byte[] b => "blob:" + Convert.ToHexString(b),
        string s => "text:" + s,
        DateTime d => "DateTime:" + d.ToString("O", CultureInfo.InvariantCulture) + ":" + d.Kind,
        IFormattable f => value.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name + ":" + value,
    };
}
