using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Tests.Data;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Connection_Opened_UsesWalFullSyncAndForeignKeys()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var scope = t.Scope();
        var db = scope.Db();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var c = db.Database.GetDbConnection();
        async Task<string> Pragma(string name)
        {
            await using var cmd = c.CreateCommand();
            if (name == "journal_mode") cmd.CommandText = "PRAGMA journal_mode";
            else if (name == "synchronous") cmd.CommandText = "PRAGMA synchronous";
            else if (name == "page_size") cmd.CommandText = "PRAGMA page_size";
            else cmd.CommandText = "PRAGMA foreign_keys";
            return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        Assert.Equal("wal", await Pragma("journal_mode"));
        Assert.Equal("2", await Pragma("synchronous")); // 2 = FULL
        Assert.Equal("1", await Pragma("foreign_keys"));
        Assert.Equal("16384", await Pragma("page_size"));
    }

    /// <summary>
    /// The 16 KB page size is only for new files: a database created with SQLite's default 4 KB pages keeps them
    /// (SQLite cannot change them without a VACUUM outside WAL mode) and migrates and works as before.
    /// </summary>
    [Fact]
    public async Task ExistingFileWithSmallPages_KeepsThemAndMigrates()
    {
        var dir = Palermo.Testing.TestEnv.TempDir();
        var file = Path.Combine(dir, "palermo.db");
        await using (var c = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await c.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA page_size = 4096; CREATE TABLE \"Existing\" (\"Id\" INTEGER PRIMARY KEY); PRAGMA page_size;";
            Assert.Equal(4096L, await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        var settings = new Palermo.Data.PalermoSettings(dir, Palermo.Data.DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False", Path.Combine(dir, "keys"), null, [], "http://localhost:5080");
        await using var sp = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddPalermo(settings).AddPalermoUseCases().BuildServiceProvider();
        await using (var scope = sp.CreateAsyncScope())
        {
            Assert.True(await Palermo.Data.DatabaseMigrator.MigrateAsync(scope.Db(), TestContext.Current.CancellationToken));
            await scope.ServiceProvider.GetRequiredService<CreateOrganisation>().HandleAsync(new("Harbour Shelter", "Shelter", "ITA"), Palermo.Accounts.Actor.Cli, TestContext.Current.CancellationToken);
        }

        await using (var c = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await c.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT (SELECT page_size FROM pragma_page_size()) || ' ' || (SELECT journal_mode FROM pragma_journal_mode()) || ' ' || (SELECT count(*) FROM \"Organisation\")";
            Assert.Equal("4096 wal 1", await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The start-up check reads the history table itself: nothing pending on a migrated database, the newest
    /// migration pending once its row is gone, everything pending on a database without the table.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MigrationCheck_SeesExactlyWhetherAMigrationIsMissing(Palermo.Data.DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        Assert.False(await t.With(sp => Palermo.Data.DatabaseMigrator.AnyPendingAsync(sp.Db(), ct)));
        Assert.False(await t.With(sp => Palermo.Data.DatabaseMigrator.MigrateAsync(sp.Db(), ct)));
        await t.With(sp => sp.Db().Database.ExecuteSqlAsync(
            $"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\")", ct));
        Assert.True(await t.With(sp => Palermo.Data.DatabaseMigrator.AnyPendingAsync(sp.Db(), ct)));
        await t.With(sp => sp.Db().Database.ExecuteSqlAsync($"DROP TABLE \"__EFMigrationsHistory\"", ct));
        Assert.True(await t.With(sp => Palermo.Data.DatabaseMigrator.AnyPendingAsync(sp.Db(), ct)));
    }

    /// <summary>
    /// A PostgreSQL database that does not exist yet is created by the first migration, as EF Core's migrator
    /// always did: the start-up check must not fail on it before the migrator gets there.
    /// </summary>
    [Fact]
    public async Task Migrate_PostgresDatabaseThatDoesNotExist_CreatesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = Palermo.Testing.TestEnv.RequirePostgres();
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = "palermo_t_" + Guid.NewGuid().ToString("N")[..16] }.ConnectionString;
        var dir = Palermo.Testing.TestEnv.TempDir();
        var settings = new Palermo.Data.PalermoSettings(dir, Palermo.Data.DatabaseProvider.Postgres, cs, Path.Combine(dir, "keys"), null, [], "http://localhost:5080");
        try
        {
            await using var sp = new ServiceCollection().AddPalermo(settings).AddPalermoUseCases().BuildServiceProvider();
            await using (var scope = sp.CreateAsyncScope())
            {
                Assert.True(await Palermo.Data.DatabaseMigrator.AnyPendingAsync(scope.Db(), ct));
                Assert.True(await Palermo.Data.DatabaseMigrator.MigrateAsync(scope.Db(), ct));
            }

            await using (var scope = sp.CreateAsyncScope())
            {
                Assert.False(await Palermo.Data.DatabaseMigrator.AnyPendingAsync(scope.Db(), ct));
                var org = await scope.ServiceProvider.GetRequiredService<CreateOrganisation>().HandleAsync(new("Harbour Shelter", "Shelter", "ITA"), Palermo.Accounts.Actor.Cli, ct);
                Assert.Equal(1, await scope.Db().Organisations.CountAsync(o => o.Id == org.Id, ct));
            }
        }
        finally
        {
            await Palermo.Testing.TestEnv.DropPostgresDatabaseAsync(cs);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task ForeignKey_UserWithUnknownOrganisation_IsRefused()
    {
        await using var t = await TestDatabase.CreateAsync();
        await using var scope = t.Scope();
        var db = scope.Db();
        db.Users.Add(new Palermo.Accounts.PalermoUser("x@example.org", Guid.NewGuid(), db.UtcNow) { NormalizedEmail = "X@EXAMPLE.ORG" });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StaleEdit_SecondWriter_GetsConflictAndFirstChangeStays(Palermo.Data.DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var id = await t.With(async sp =>
            (await sp.Get<CreateOrganisation>().HandleAsync(new("Harbour Shelter", "Shelter", "ITA"), Palermo.Accounts.Actor.Cli)).Id);
        await using var a = t.Scope();
        await using var b = t.Scope();
        var first = await a.Db().Organisations.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        var second = await b.Db().Organisations.SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken);
        first.Rename("Harbour Shelter North");
        await a.Db().SaveChangesAsync(TestContext.Current.CancellationToken);
        second.Rename("Harbour Shelter South");
        await Assert.ThrowsAsync<ConflictException>(() => b.Db().SaveChangesAsync(TestContext.Current.CancellationToken));
        var stored = await t.With(sp => sp.Db().Organisations.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal("Harbour Shelter North", stored.Name);
    }
}
