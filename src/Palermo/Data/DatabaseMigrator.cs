using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Palermo.Data;

public static class DatabaseMigrator
{
    /// <summary>
    /// Brings the schema up to date; on SQLite also switches the file to write-ahead logging (and gives a new file
    /// 16 KB pages). Returns true when migrations were applied.
    /// </summary>
    public static async Task<bool> MigrateAsync(PalermoDbContext db, CancellationToken ct = default)
    {
        if (!db.IsPostgres)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                // A new database gets 16 KB pages (SQLite ignores this for a file that already has pages). A Palermo
                // person row is about 650 bytes and a case about 2.6 KB over its tables: with 4 KB pages a bulk load
                // wrote four times as many WAL frames and B-tree pages. A 100,000-row import took 7.7-7.9 s against
                // 9.3 s, a 100,000-case seed 11.5-12.5 s against 14.3-14.4 s (docs/performance.md).
                await db.Database.ExecuteSqlAsync($"PRAGMA page_size=16384;", ct);
                await db.Database.ExecuteSqlAsync($"PRAGMA journal_mode=WAL;", ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        // Most starts find nothing to apply: reading the history table is cheap, while Migrate() first builds the
        // history table's model and takes the migrations lock. Two instances racing here both see the migration
        // pending and Migrate() serialises them under its lock.
        var (applied, databaseExists) = await PendingAsync(db, ct);
        if (applied)
        {
            // EF Core's Migrate reads the history table before creating it, and logs that failed read as an error
            // ("fail: … Failed executing DbCommand") on the first start of every new PostgreSQL database, which an
            // operator takes for a broken install. Created first, there is nothing to fail. A database that does not
            // exist yet is left to Migrate, which creates it.
            if (databaseExists) await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            await db.Database.MigrateAsync(ct);
        }

        await ProtectAuditLogAsync(db, ct);
        // A migration may add what the statistics projection holds: fill missing rows then. Every write path
        // (SaveChanges, the bulk path) keeps the projection in step otherwise, so an ordinary start does not count
        // a million cases; `palermo db migrate` always checks.
        if (applied) await Palermo.Statistics.StatisticsProjection.BackfillAsync(db, ct);
        return applied;
    }

    /// <summary>
    /// Whether a migration of this build is not in the history table. Read with one plain query: EF Core's
    /// <c>GetPendingMigrationsAsync</c> first builds a model for the history table, which cost every command of a
    /// fresh process about 0.1 s. A database without the table (a new one) has everything pending, and so has a PostgreSQL database that
    /// does not exist yet.
    /// </summary>
    internal static async Task<bool> AnyPendingAsync(PalermoDbContext db, CancellationToken ct) => (await PendingAsync(db, ct)).Pending;

    private static async Task<(bool Pending, bool DatabaseExists)> PendingAsync(PalermoDbContext db, CancellationToken ct)
    {
        var known = db.GetService<IMigrationsAssembly>().Migrations.Keys;
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        try
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.InvalidCatalogName)
        {
            // The database itself does not exist yet: Migrate() creates it, as it always did.
            return (true, false);
        }

        try
        {
            await using var cmd = connection.CreateCommand();
            if (db.IsPostgres) cmd.CommandText = "SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL";
            else cmd.CommandText = "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
            // No history table: a new database, everything is pending. (GetPendingMigrationsAsync read the missing
            // table, and EF Core logged that failed command as an error on every first start on PostgreSQL.)
            if (!Convert.ToBoolean(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture))
                return (known.Any(), true);
            cmd.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return (known.Any(id => !applied.Contains(id)), true);
    }

    /// <summary>
    /// The audit log is append-only in the database itself: UPDATE, DELETE (and TRUNCATE) are refused by triggers,
    /// so even a bug or a careless query cannot rewrite history. Idempotent; runs after every migration.
    /// </summary>
    private static async Task ProtectAuditLogAsync(PalermoDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"""
                CREATE OR REPLACE FUNCTION palermo_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON "AuditEntry"
                FOR EACH ROW EXECUTE FUNCTION palermo_audit_append_only();
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                CREATE OR REPLACE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "AuditEntry"
                FOR EACH STATEMENT EXECUTE FUNCTION palermo_audit_append_only();
                """, ct);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"""
                CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON AuditEntry
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON AuditEntry
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """, ct);
        }
    }
}
