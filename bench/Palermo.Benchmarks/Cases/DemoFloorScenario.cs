using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Demo;

namespace Palermo.Benchmarks.Cases;

/// <summary>
/// <c>demo-floor [cases]</c> (SQLite): how far the demo seed is from what SQLite itself needs to store the same rows.
/// Seeds a demo of N cases with the real use case (timed), then copies the tables the seed fills, row by row in the
/// seed's order, into a new database with the same schema and settings (16 KB pages, WAL, synchronous FULL, foreign
/// keys enforced, the same page cache, secondary indexes dropped and built after the rows as the seed does, one
/// transaction): <c>INSERT INTO t SELECT * FROM seeded.t ORDER BY rowid</c>. The copy does no generation, sealing,
/// encoding, binding or allocation of ours — it is the database's own cost for this schema, the floor under any seed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table names and index SQL come from the schema of the bench's own databases.")]
public static class DemoFloorScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var root = Path.Combine(Path.GetTempPath(), $"palermo-demo-floor-{Guid.NewGuid():N}");
        var seeded = Path.Combine(root, "seeded");
        var copy = Path.Combine(root, "copy");
        try
        {
            var (seed, model) = await SeedAsync(seeded, n);
            await MigrateAsync(copy);
            var tables = CaseBulk.Tables.Select(t => model.FindEntityType(t)!.GetTableName()!).ToList();
            var (rows, insert, index, commit) = Copy(Path.Combine(seeded, "palermo.db"), Path.Combine(copy, "palermo.db"), tables);
            var floor = insert + index + commit;
            Console.WriteLine($"demo seed (palermo demo's use case):      {seed,6:F2} s  {n / seed,8:F0} cases/s");
            Console.WriteLine($"SQLite copy of the same {rows:N0} rows:  {floor,6:F2} s  {n / floor,8:F0} cases/s  (insert {insert:F2}, indexes {index:F2}, commit {commit:F2})");
            Console.WriteLine($"seed / floor: {seed / floor:F2}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("PALERMO_BENCH_KEEP") is null) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(double Seconds, IModel Model)> SeedAsync(string dir, int cases)
    {
        await using var sp = Services(dir);
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db);
        var sw = Stopwatch.StartNew();
        await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(cases, 3, Actor.Cli);
        return (sw.Elapsed.TotalSeconds, db.Model);
    }

    private static async Task MigrateAsync(string dir)
    {
        await using var sp = Services(dir);
        await using var scope = sp.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>());
    }

    private static ServiceProvider Services(string dir)
    {
        Directory.CreateDirectory(dir);
        var settings = new PalermoSettings(dir, DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "palermo.db")};Pooling=False",
            Path.Combine(dir, "keys"), null, [], "http://localhost:5080");
        return new ServiceCollection().AddPalermo(settings).AddPalermoUseCases().BuildServiceProvider();
    }

    private static (long Rows, double Insert, double Index, double Commit) Copy(string from, string to, IReadOnlyList<string> loaded)
    {
        using var db = new SqliteConnection($"Data Source={to};Pooling=False");
        db.Open();
        Exec(db, $"ATTACH DATABASE '{from.Replace("'", "''", StringComparison.Ordinal)}' AS seeded");
        // First, untimed and in any order: the organisations, accounts and catalogues the cases refer to.
        Exec(db, "PRAGMA foreign_keys=OFF; BEGIN");
        foreach (var table in Strings(db, "SELECT name FROM seeded.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> '__EFMigrationsHistory'"))
        {
            if (!loaded.Contains(table)) Exec(db, $"INSERT OR IGNORE INTO main.\"{table}\" SELECT * FROM seeded.\"{table}\"");
        }

        Exec(db, "COMMIT");
        Exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;");
        var sw = Stopwatch.StartNew();
        Exec(db, "BEGIN");
        var indexes = new List<string>();
        foreach (var table in loaded)
        {
            foreach (var (name, sql) in Pairs(db, $"SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL"))
            {
                Exec(db, $"DROP INDEX main.\"{name}\"");
                indexes.Add(sql);
            }
        }

        long rows = 0;
        // In CaseBulk.WriteAsync's order (parents first), each table's rows in the order the seed wrote them.
        foreach (var table in loaded)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"INSERT INTO main.\"{table}\" SELECT * FROM seeded.\"{table}\" ORDER BY rowid";
            rows += cmd.ExecuteNonQuery();
        }

        var insert = sw.Elapsed.TotalSeconds;
        Exec(db, "PRAGMA threads = 4");
        foreach (var sql in indexes) Exec(db, sql);
        var index = sw.Elapsed.TotalSeconds - insert;
        Exec(db, "COMMIT");
        return (rows, insert, index, sw.Elapsed.TotalSeconds - insert - index);
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        cmd.ExecuteNonQuery();
    }

    private static List<string> Strings(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static List<(string Name, string Sql)> Pairs(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var pairs = new List<(string, string)>();
        while (reader.Read()) pairs.Add((reader.GetString(0), reader.GetString(1)));
        return pairs;
    }
}
