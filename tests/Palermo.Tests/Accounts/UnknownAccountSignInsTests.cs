using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Tests.Accounts;

/// <summary>
/// The counts of failed sign-ins with addresses that have no account, on a real database of each provider. The
/// "wall clock" here is a fake one, so that fifteen minutes can pass.
/// </summary>
public sealed class UnknownAccountSignInsTests
{
    private static readonly DateTimeOffset Start = new(2026, 7, 30, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A tracker as one instance of the app would build it: from the key folder on the database's side. The
    /// purge deletes two rows per statement here, so that its loop over batches is exercised.</summary>
    private static UnknownAccountSignIns Tracker(TestDatabase db, TimeProvider clock, int maxTracked = UnknownAccountSignIns.DefaultMaxTracked, int purgeBatch = 2) =>
        new(BlindIndex.LoadOrCreate(new KeyFiles(db.Settings.KeysDir)), Options.Create(new PasswordHasherOptions()), clock, maxTracked, purgeBatch);

    private static Task<bool> FailAsync(TestDatabase db, UnknownAccountSignIns tracker, string email, string password = "guess") =>
        db.With(sp => tracker.FailAsync(sp.Db(), email, password));

    private static Task<bool> LockedAsync(TestDatabase db, UnknownAccountSignIns tracker, string email) =>
        db.With(sp => tracker.IsLockedOutAsync(sp.Db(), email));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FifthFailure_Locks_ForFifteenMinutes_ThenCountingStartsAgain(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var tracker = Tracker(db, time);
        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns; i++) Assert.False(await FailAsync(db, tracker, "nobody@example.org", "guess " + i), $"failure {i}");
        Assert.True(await FailAsync(db, tracker, "nobody@example.org", "guess 5"));
        Assert.True(await LockedAsync(db, tracker, "nobody@example.org"));

        time.Advance(IdentityDefaults.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.True(await LockedAsync(db, tracker, "nobody@example.org"));
        // Attempts while locked are not counted (as Identity does not count them for a real account) and keep the lock.
        Assert.True(await FailAsync(db, tracker, "nobody@example.org", "while locked"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await LockedAsync(db, tracker, "nobody@example.org"));

        // As with a real account, the lock's end gives a full new count, not one more try.
        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns; i++) Assert.False(await FailAsync(db, tracker, "nobody@example.org", "again " + i), $"failure {i} after the lock");
        Assert.True(await FailAsync(db, tracker, "nobody@example.org", "again 5"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheAddress_IsCountedWhateverItsCaseOrSurroundingSpaces_AndOtherAddressesAreNotLocked(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tracker = Tracker(db, new FakeTimeProvider(Start));
        string[] forms = ["Officer@Example.org", "officer@example.org", " OFFICER@EXAMPLE.ORG ", "officer@EXAMPLE.org", "officer@example.org"];
        foreach (var f in forms) await FailAsync(db, tracker, f);
        Assert.True(await LockedAsync(db, tracker, "officer@example.org"));
        Assert.False(await LockedAsync(db, tracker, "officer2@example.org"));
        // Punctuation counts: these are other people's addresses (a blind index's normalisation would merge them).
        Assert.False(await LockedAsync(db, tracker, "off.icer@example.org"));
        Assert.False(await LockedAsync(db, tracker, "officer@exampleorg"));
    }

    /// <summary>
    /// Another instance (or this one after a restart) builds its tracker from the same key folder and reads the same
    /// rows: the count goes on where it was. Failures at the same moment from several instances are all counted.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoInstances_CountTogether_EvenAtTheSameMoment(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var first = Tracker(db, time);
        var second = Tracker(db, time);
        // Two failures at once on each instance, each in its own unit of work: four counted, none lost, none locking.
        var results = await Task.WhenAll(
            Task.Run(() => FailAsync(db, first, "raced@example.org", "a"), TestContext.Current.CancellationToken),
            Task.Run(() => FailAsync(db, second, "raced@example.org", "b"), TestContext.Current.CancellationToken),
            Task.Run(() => FailAsync(db, first, "raced@example.org", "c"), TestContext.Current.CancellationToken),
            Task.Run(() => FailAsync(db, second, "raced@example.org", "d"), TestContext.Current.CancellationToken));
        Assert.All(results, Assert.False);
        Assert.False(await LockedAsync(db, first, "raced@example.org"));
        Assert.True(await FailAsync(db, second, "raced@example.org", "e"));
        Assert.True(await LockedAsync(db, first, "raced@example.org"));
        Assert.True(await LockedAsync(db, Tracker(db, time), "raced@example.org"));
    }

    /// <summary>The table holds neither the address nor a hash anyone could compute from the address alone.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheStoredRow_HoldsNoAddress_NorAnUnkeyedHashOfIt(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var tracker = Tracker(db, new FakeTimeProvider(Start));
        const string address = "Olena.Kovalenko@Example.org";
        await FailAsync(db, tracker, address);

        var stored = await db.With(async sp =>
        {
            var connection = sp.Db().Database.GetDbConnection();
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT * FROM \"UnknownSignIn\"";
            await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            var cells = new List<string>();
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                for (var i = 0; i < reader.FieldCount; i++) cells.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            return cells;
        });
        Assert.Equal(4, stored.Count); // one row
        var all = string.Join("|", stored);
        foreach (var form in new[] { address, address.ToUpperInvariant(), address.ToLowerInvariant() })
        {
            Assert.DoesNotContain(form, all, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Kovalenko", all, StringComparison.OrdinalIgnoreCase);
            foreach (var hash in new[] { SHA256.HashData(Encoding.UTF8.GetBytes(form)), SHA512.HashData(Encoding.UTF8.GetBytes(form)) })
            {
                Assert.DoesNotContain(Convert.ToBase64String(hash), all, StringComparison.Ordinal);
                Assert.DoesNotContain(Convert.ToHexString(hash), all, StringComparison.OrdinalIgnoreCase);
            }
        }

        // What is stored is an HMAC under this installation's key: another key folder gives another index, so the
        // same address is not counted as locked by a tracker without the key.
        var index = Assert.Single(await db.With(sp => sp.Db().Set<UnknownSignIn>().Select(s => s.AddressIndex).ToListAsync()));
        Assert.Equal(44, index.Length);
        var otherKeys = new UnknownAccountSignIns(BlindIndex.LoadOrCreate(new KeyFiles(Path.Combine(db.Settings.DataDir, "other-keys"))),
            Options.Create(new PasswordHasherOptions()), new FakeTimeProvider(Start));
        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns; i++) await FailAsync(db, tracker, address);
        Assert.True(await LockedAsync(db, tracker, address));
        Assert.False(await LockedAsync(db, otherKeys, address));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Purge_DropsEndedLocksAndIdleCounts_KeepsLocksAndRecentCounts(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var tracker = Tracker(db, time);
        await FailAsync(db, tracker, "idle@example.org");
        for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++) await FailAsync(db, tracker, "ended@example.org");
        time.Advance(UnknownAccountSignIns.KeepCountsFor - TimeSpan.FromMinutes(10));
        for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++) await FailAsync(db, tracker, "locked@example.org");
        await FailAsync(db, tracker, "recent@example.org");
        time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(2, await db.With(sp => tracker.PurgeAsync(sp.Db())));
        var left = await db.With(sp => sp.Db().Set<UnknownSignIn>().CountAsync());
        Assert.Equal(2, left);
        Assert.True(await LockedAsync(db, tracker, "locked@example.org"));
        // The recent count is still there: four more failures lock.
        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns - 1; i++) Assert.False(await FailAsync(db, tracker, "recent@example.org"));
        Assert.True(await FailAsync(db, tracker, "recent@example.org"));
        // The idle one starts again from nothing.
        Assert.False(await FailAsync(db, tracker, "idle@example.org"));
    }

    /// <summary>
    /// A flood of made-up addresses: the purge cuts the table back to the limit (the oldest go first), a lock
    /// survives it, and a new address is still counted to its lock.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Purge_WhenOverTheLimit_DropsTheOldestUnlocked_KeepsLocks(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var tracker = Tracker(db, time, maxTracked: 4);
        for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++) await FailAsync(db, tracker, "locked@example.org");
        for (var a = 0; a < 10; a++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await FailAsync(db, tracker, $"flood{a}@example.org");
        }

        Assert.Equal(6, await db.With(sp => tracker.PurgeAsync(sp.Db())));
        Assert.Equal(5, await db.With(sp => sp.Db().Set<UnknownSignIn>().CountAsync()));
        Assert.True(await LockedAsync(db, tracker, "locked@example.org"));

        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns; i++) Assert.False(await FailAsync(db, tracker, "new@example.org"));
        Assert.True(await FailAsync(db, tracker, "new@example.org"));
        // The newest flood addresses kept their counts: flood9 locks after four more.
        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns - 1; i++) Assert.False(await FailAsync(db, tracker, "flood9@example.org"));
        Assert.True(await FailAsync(db, tracker, "flood9@example.org"));
    }
}
