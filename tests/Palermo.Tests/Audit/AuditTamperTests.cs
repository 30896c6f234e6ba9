using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Tests.Audit;

/// <summary>
/// An insider with database rights removes the append-only triggers and edits the log. Every kind of edit must be
/// found, and named by the first sequence number where the log stops being what was written.
/// </summary>
public sealed class AuditTamperTests
{
    private const int Entries = 6;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_UntouchedLog_IsIntact(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        var result = await VerifyAsync(t, null);
        Assert.True(result.Intact, result.Message);
        Assert.Equal(Entries, result.EntriesChecked);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Triggers_UpdateOrDelete_AreRefusedByTheDatabase(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        await using (var s = t.Scope())
        {
            var e = await s.Db().AuditEntries.SingleAsync(x => x.Sequence == 2, TestContext.Current.CancellationToken);
            s.Db().Entry(e).Property(x => x.Purpose).CurrentValue = "edited";
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => s.Db().SaveChangesAsync(TestContext.Current.CancellationToken));
        }

        await using (var s = t.Scope())
        {
            var e = await s.Db().AuditEntries.SingleAsync(x => x.Sequence == 2, TestContext.Current.CancellationToken);
            s.Db().AuditEntries.Remove(e);
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => s.Db().SaveChangesAsync(TestContext.Current.CancellationToken));
        }

        Assert.True((await VerifyAsync(t, null)).Intact);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_ChangedField_NamesThatEntry(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        await TamperAsync(t, db => Set(db, db.AuditEntries.Single(x => x.Sequence == 3), nameof(AuditEntry.EntityId), "0"));
        Assert.Equal(3, (await VerifyAsync(t, null)).FirstBadSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_DeletedEntry_NamesTheGap(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        await TamperAsync(t, db => db.AuditEntries.Remove(db.AuditEntries.Single(x => x.Sequence == 4)));
        Assert.Equal(4, (await VerifyAsync(t, null)).FirstBadSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_SwappedEntries_NamesTheFirst(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        await TamperAsync(t, db =>
        {
            var a = db.AuditEntries.Single(x => x.Sequence == 2);
            var b = db.AuditEntries.Single(x => x.Sequence == 3);
            foreach (var p in new[] { "At", "ActorId", "OrganisationId", "Event", "EntityType", "EntityId", "Purpose", "ClientAddress", "PrevHash", "Hash" })
            {
                var av = db.Entry(a).Property(p).CurrentValue;
                db.Entry(a).Property(p).CurrentValue = db.Entry(b).Property(p).CurrentValue;
                db.Entry(b).Property(p).CurrentValue = av;
            }
        });
        Assert.Equal(2, (await VerifyAsync(t, null)).FirstBadSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_ForgedEntryAppended_NamesIt(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        await TamperAsync(t, db =>
        {
            var last = db.AuditEntries.Single(x => x.Sequence == Entries);
            var forged = new AuditEntry(Entries + 1, last.At, new PendingAudit(AuditEvent.UserCreated, null, null, "User", "forged", null, null), "f00d");
            db.AuditEntries.Add(forged);
        });
        Assert.Equal(Entries + 1, (await VerifyAsync(t, null)).FirstBadSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_TruncatedTail_IsCaughtByCheckpoint(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        var dir = Path.Combine(t.Settings.DataDir, "checkpoints");
        var cp = await t.With(sp => sp.Get<WriteCheckpoint>().HandleAsync(dir, Actor.Cli));
        await TamperAsync(t, db => db.AuditEntries.RemoveRange(db.AuditEntries.Where(x => x.Sequence >= cp.Sequence - 1)));
        Assert.True((await VerifyAsync(t, null)).Intact); // the chain alone cannot see a cut tail...
        var withCheckpoints = await VerifyAsync(t, dir);
        Assert.False(withCheckpoints.Intact); // ...the signed checkpoint can.
        Assert.Equal(cp.Sequence - 1, withCheckpoints.FirstBadSequence);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_WholeChainRecomputed_IsCaughtByCheckpoint(DatabaseProvider provider)
    {
        await using var t = await SeededAsync(provider);
        var dir = Path.Combine(t.Settings.DataDir, "checkpoints");
        await t.With(sp => sp.Get<WriteCheckpoint>().HandleAsync(dir, Actor.Cli));
        await TamperAsync(t, db =>
        {
            var prev = AuditEntry.GenesisHash;
            foreach (var e in db.AuditEntries.OrderBy(x => x.Sequence).ToList())
            {
                if (e.Sequence == 2) Set(db, e, nameof(AuditEntry.EntityId), "rewritten");
                Set(db, e, nameof(AuditEntry.PrevHash), prev);
                Set(db, e, nameof(AuditEntry.Hash), e.ComputeHash());
                prev = e.Hash;
            }
        });
        Assert.True((await VerifyAsync(t, null)).Intact); // a consistent forgery...
        var withCheckpoints = await VerifyAsync(t, dir);
        Assert.False(withCheckpoints.Intact); // ...does not match what was signed.
        Assert.Equal(1, withCheckpoints.FirstBadSequence);
    }

    [Fact]
    public async Task Verify_CheckpointSignedByAnotherKey_IsRejected()
    {
        await using var t = await SeededAsync(DatabaseProvider.Sqlite);
        await using var other = await TestDatabase.CreateAsync();
        var dir = Path.Combine(t.Settings.DataDir, "checkpoints");
        await other.With(sp => sp.Get<WriteCheckpoint>().HandleAsync(dir, Actor.Cli));
        var result = await VerifyAsync(t, dir);
        Assert.False(result.Intact);
        Assert.Contains("not signed", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sequence_ConcurrentWriters_HasNoGaps(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new($"Org {w}-{i}", "Shelter", "ITA"), Actor.Cli));
            }
        })));
        var seqs = await t.With(sp => sp.Db().AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), seqs);
        Assert.True((await VerifyAsync(t, null)).Intact);
    }

    /// <summary>A checkpoint that cannot be written (its folder is a file) leaves no entry in the chain claiming one was.</summary>
    [Fact]
    public async Task Checkpoint_FolderIsAFile_Refused_NothingRecorded()
    {
        await using var t = await SeededAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(t.Settings.DataDir, "not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<IOException>(() => t.With(sp => sp.Get<WriteCheckpoint>().HandleAsync(file, Actor.Cli)));
        Assert.Equal(Entries, (await VerifyAsync(t, null)).EntriesChecked);
    }

    private static async Task<TestDatabase> SeededAsync(DatabaseProvider provider)
    {
        var t = await TestDatabase.CreateAsync(provider);
        for (var i = 0; i < Entries; i++)
        {
            t.Time.Advance(TimeSpan.FromMinutes(1));
            await t.With(sp => sp.Get<CreateOrganisation>().HandleAsync(new($"Organisation {i}", "Shelter", "ITA"), Actor.Cli));
        }

        return t;
    }

    private static Task<AuditVerification> VerifyAsync(TestDatabase t, string? dir) =>
        t.With(sp => sp.Get<VerifyAuditLog>().HandleAsync(dir));

    /// <summary>Does what an insider with database rights could: turn the triggers off and edit rows.</summary>
    private static async Task TamperAsync(TestDatabase t, Action<PalermoDbContext> edit)
    {
        await using var s = t.Scope();
        var db = s.Db();
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"ALTER TABLE \"AuditEntry\" DISABLE TRIGGER USER");
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"DROP TRIGGER audit_no_update");
            await db.Database.ExecuteSqlAsync($"DROP TRIGGER audit_no_delete");
        }

        edit(db);
        await db.SaveChangesAsync();
    }

    private static void Set(PalermoDbContext db, AuditEntry e, string property, object? value) =>
        db.Entry(e).Property(property).CurrentValue = value;
}
