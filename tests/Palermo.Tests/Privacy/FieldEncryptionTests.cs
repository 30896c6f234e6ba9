using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.Tests.Privacy;

public sealed class FieldEncryptionTests
{
    private const string Given = "Oleksandra";
    private const string Family = "Zhytomyrska";

    [Fact]
    public async Task RawSqliteFile_AfterRegistering_HoldsNoNameInPlaintext()
    {
        await using var t = await TestDatabase.CreateAsync();
        var id = await RegisterAsync(t);
        Assert.Equal(Given, await OpenGivenAsync(t, id));
        SqliteCheckpoint(t);
        var raw = await File.ReadAllBytesAsync(Path.Combine(t.Settings.DataDir, "palermo.db"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(Given, Encoding.UTF8.GetString(raw), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Family, Encoding.UTF8.GetString(raw), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(-1, IndexOf(raw, Encoding.Unicode.GetBytes(Given)));
    }

    [Fact]
    public async Task RawPostgresRows_AfterRegistering_HoldNoNameInPlaintext()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await RegisterAsync(t);
        await using var c = new NpgsqlConnection(t.Settings.ConnectionString);
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = c.CreateCommand();
        // Every column of every table, as text: nothing may show the name.
        cmd.CommandText = """
            SELECT string_agg(t::text, '|') FROM (
              SELECT row_to_json(p)::text AS t FROM "Person" p
              UNION ALL SELECT row_to_json(a)::text FROM "AuditEntry" a
              UNION ALL SELECT row_to_json(k)::text FROM "DataKey" k) x
            """;
        var dump = (string)(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        Assert.Contains("GivenName", dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Given, dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(Given)), dump, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_DestroysTheDataKey_NameCannotBeRecovered(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var id = await RegisterAsync(t);
        var sealedBefore = await t.With(sp => sp.Db().Persons.AsNoTracking().Where(p => p.Id == id).Select(p => p.GivenName).SingleAsync());
        await t.With(async sp =>
        {
            var db = sp.Db();
            var p = await db.Persons.Include(x => x.DataKey).SingleAsync(x => x.Id == id);
            p.Erase(db.UtcNow);
            await db.SaveChangesAsync();
        });
        Assert.Null(await OpenGivenAsync(t, id));
        var key = await t.With(sp => sp.Db().DataKeys.AsNoTracking().SingleAsync());
        Assert.Empty(key.Wrapped);
        // Even with the master key, a backup's ciphertext is useless without the destroyed data key.
        var ring = t.Services.GetService(typeof(MasterKeyRing)) as MasterKeyRing;
        Assert.Throws<CryptographicException>(() => key.Unwrap(ring!));
        Assert.NotEmpty(sealedBefore.Envelope);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RotateKeys_AllDataStaysReadable_AndOldKeyIsNoLongerNeeded(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await RegisterAsync(t));
        var oldId = ((MasterKeyRing)t.Services.GetService(typeof(MasterKeyRing))!).CurrentId;
        var result = await t.With(sp => sp.Get<RotateMasterKey>().HandleAsync(Actor.Cli));
        Assert.Equal(3, result.Rewrapped);
        Assert.Contains(oldId, result.RetiredKeyIds);
        // Remove the old key file and load the ring afresh, as a restarted server would.
        File.Delete(new KeyFiles(t.Settings.KeysDir).MasterKeyPath(oldId));
        var fresh = MasterKeyRing.LoadOrCreate(new KeyFiles(t.Settings.KeysDir));
        Assert.Equal(result.NewKeyId, fresh.CurrentId);
        await using var scope = t.Scope();
        using var crypto = new PersonCrypto(fresh);
        foreach (var id in ids)
        {
            var p = await scope.Db().Persons.Include(x => x.DataKey).SingleAsync(x => x.Id == id, TestContext.Current.CancellationToken);
            Assert.Equal(Given, crypto.Open(p.DataKey, "givenName", p.GivenName));
        }
    }

    [Fact]
    public void Open_CiphertextMovedToAnotherField_IsRejected()
    {
        var ring = MasterKeyRing.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), []);
        using var crypto = new PersonCrypto(ring);
        var key = crypto.NewKey(DateTime.UnixEpoch);
        var sealedGiven = crypto.Seal(key, "givenName", Given);
        Assert.Equal(Given, crypto.Open(key, "givenName", sealedGiven));
        Assert.ThrowsAny<CryptographicException>(() => crypto.Open(key, "familyName", sealedGiven));
        sealedGiven.Envelope[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => crypto.Open(key, "givenName", sealedGiven));
    }

    [Fact]
    public void KeyFiles_AreCreatedOwnerOnly()
    {
        var dir = Palermo.Testing.TestEnv.TempDir();
        var files = new KeyFiles(Path.Combine(dir, "keys"));
        MasterKeyRing.LoadOrCreate(files);
        BlindIndex.LoadOrCreate(files);
        Assert.NotEmpty(Directory.GetFiles(files.Directory));
        foreach (var f in Directory.GetFiles(files.Directory))
        {
            if (OperatingSystem.IsWindows()) continue;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        }
    }

    [Fact]
    public void BlindIndex_SameValueDifferentSpelling_MatchesExactly()
    {
        var index = new BlindIndex(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(index.Compute("doc", "AB-123 456"), index.Compute("doc", "ab123456"));
        Assert.NotEqual(index.Compute("doc", "AB123456"), index.Compute("doc", "AB123457"));
        Assert.NotEqual(index.Compute("doc", "AB123456"), index.Compute("ref", "AB123456"));
    }

    [Fact]
    public void BlindIndex_IsTheHmacOfPurposeAndNormalisedValue_SoIndexesStoredEarlierStillMatch()
    {
        // The stored format: base64(HMAC-SHA256(key, purpose, 0, the normalised value in UTF-8)). A change would make
        // every name and document index already in a database unfindable.
        var key = Enumerable.Repeat((byte)7, 32).ToArray();
        var index = new BlindIndex(key);
        static string Expected(byte[] key, string purpose, string normalised) =>
            Convert.ToBase64String(HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(purpose + "\0" + normalised)));

        Assert.Equal(Expected(key, "name", "OLENAKOVALENKO"), index.Compute("name", "Olena", "Kovalenko"));
        Assert.Equal(Expected(key, "name", "OLENAKOVALENKO"), index.Compute("name", "Olena Kovalenko"));
        Assert.Equal(Expected(key, "name", "MULLERO"), index.Compute("name", "Müller-", "Ö"));
        Assert.Equal(Expected(key, "name", "ОЛЕНА"), index.Compute("name", "Олена", null));
        // Longer than the stack buffers: 600 Cyrillic letters are 1,200 bytes of UTF-8.
        var longName = string.Concat(Enumerable.Repeat("Олена", 120));
        Assert.Equal(Expected(key, "name", (longName + longName).ToUpperInvariant()), index.Compute("name", longName, longName));
    }

    private static async Task<Guid> RegisterAsync(TestDatabase t)
    {
        return await t.With(async sp =>
        {
            var db = sp.Db();
            var org = await db.Organisations.FirstOrDefaultAsync()
                ?? await sp.Get<CreateOrganisation>().HandleAsync(new("Safe House", "Shelter", "UKR"), Actor.Cli);
            var p = Person.Register(org.Id, Given, Family, sp.Get<PersonCrypto>(), sp.Get<BlindIndex>(), db.UtcNow);
            db.Persons.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
    }

    private static Task<string?> OpenGivenAsync(TestDatabase t, Guid id) => t.With(async sp =>
    {
        var p = await sp.Db().Persons.Include(x => x.DataKey).SingleAsync(x => x.Id == id);
        return sp.Get<PersonCrypto>().Open(p.DataKey, "givenName", p.GivenName);
    });

    private static void SqliteCheckpoint(TestDatabase t)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection(t.Settings.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        cmd.ExecuteNonQuery();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
