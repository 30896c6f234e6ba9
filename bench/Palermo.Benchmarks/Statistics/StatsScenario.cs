using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Demo;
using Palermo.Statistics;
using Palermo.Statistics.Disclosure;

namespace Palermo.Benchmarks.Statistics;

/// <summary>
/// <c>stats-e2e [--cases N]</c>: fills a fresh SQLite database (and a PostgreSQL one when PALERMO_TEST_POSTGRES is
/// set) with N synthetic cases by set-based SQL (one person per case, 5 % second cases of the same person, 5 %
/// "not a victim", two events per case), then times the whole report path — load the records from the database,
/// compute every table and flow, apply disclosure control — and reports the peak resident memory of that phase
/// (the kernel's high-water mark is reset after the data are inserted).
/// </summary>
public static class StatsScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cases = args.Length > 1 && args[0] == "--cases" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        // --reuse keeps the databases of an earlier run with the same size (filling them takes minutes).
        var reuse = args.Contains("--reuse");
        await MeasureAsync(DatabaseProvider.Sqlite, null, cases, reuse);
        if (Environment.GetEnvironmentVariable("PALERMO_TEST_POSTGRES") is { Length: > 0 } pg)
        {
            var b = new NpgsqlConnectionStringBuilder(pg);
            var marker = Path.Combine(Path.GetTempPath(), $"palermo-stats-e2e-Postgres-{cases}", "filled");
            reuse = reuse && File.Exists(marker);
            if (!reuse) await RecreateDatabaseAsync(b.ConnectionString);

            b.Database = "palermo_bench_stats";
            await MeasureAsync(DatabaseProvider.Postgres, b.ConnectionString, cases, reuse);
        }

        return 0;
    }

    private static async Task MeasureAsync(DatabaseProvider provider, string? connection, int cases, bool reuse)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"palermo-stats-e2e-{provider}-{cases}");
        var marker = Path.Combine(dir, "filled");
        reuse = reuse && File.Exists(marker);
        if (!reuse && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        connection ??= $"Data Source={Path.Combine(dir, "palermo.db")}";
        var settings = new PalermoSettings(dir, provider, connection, Path.Combine(dir, "keys"), null, [], PalermoSettings.DefaultUrl);
        var services = new ServiceCollection().AddSingleton(TimeProvider.System);
        services.AddPalermo(settings).AddPalermoUseCases();
        await using var sp = services.BuildServiceProvider();

        if (!reuse) await FillAsync(sp, provider, cases, marker);

        if (Environment.GetEnvironmentVariable("STATS_LOAD_ONLY") is { Length: > 0 } loops)
        {
            // Diagnostic: the load alone, repeated, to separate it from JIT warm-up and the engine.
            for (var i = 0; i < int.Parse(loops, CultureInfo.InvariantCulture); i++)
            {
                await using var scope = sp.CreateAsyncScope();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var n = (await scope.ServiceProvider.GetRequiredService<LoadStatisticsRecords>().HandleAsync()).Length;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider} load {i}: {n} records {watch.Elapsed.TotalSeconds:F2} s, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F2} s"));
            }

            return;
        }

        StatisticsRecord[] last = [];
        var best = double.MaxValue;
        for (var run = 1; run <= 3; run++)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            ResetPeak();
            await using var scope = sp.CreateAsyncScope();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            var records = await scope.ServiceProvider.GetRequiredService<LoadStatisticsRecords>().HandleAsync();
            var loaded = total.Elapsed;
            var loadCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var cube = StatisticsEngine.Compute(records, new StatisticsQuery(), ComputeStatistics.Countries);
            var computed = total.Elapsed;
            var publication = Publication.Protect(cube);
            total.Stop();
            var runCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            last = records;
            best = Math.Min(best, total.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider} run {run}: {records.Length:N0} records ({cube.PersonsCounted:N0} persons, {publication.Systems.Count} years): load {loaded.TotalSeconds:F2} s, compute {(computed - loaded).TotalSeconds:F2} s, protect {(total.Elapsed - computed).TotalSeconds:F2} s, total {total.Elapsed.TotalSeconds:F2} s; CPU time load {loadCpu.TotalSeconds:F2} s, whole run {runCpu.TotalSeconds:F2} s; peak RSS {PeakMb():F0} MB"));
        }

        // The yardstick: DuckDB computing the same aggregates over the same records already in its memory.
        using (var duck = DuckDbLoader.Load(last, ComputeStatistics.Countries))
        {
            var duckBest = double.MaxValue;
            for (var run = 0; run < 3; run++)
            {
                var duckCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                using var command = duck.CreateCommand();
                command.CommandText = StatisticsBenchmarks.Aggregates;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                }

                duckBest = Math.Min(duckBest, watch.Elapsed.TotalSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: DuckDB run {run + 1}: {watch.Elapsed.TotalSeconds:F2} s, CPU time {(Process.GetCurrentProcess().TotalProcessorTime - duckCpu).TotalSeconds:F2} s (all its threads)"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: DuckDB same aggregates (in memory) best {duckBest:F2} s; whole run from the database best {best:F2} s = {best / duckBest:F1}x DuckDB"));
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            var size = new FileInfo(Path.Combine(dir, "palermo.db")).Length;
            Console.WriteLine($"SQLite file: {size / 1e6:F0} MB");
        }
    }

    private static async Task RecreateDatabaseAsync(string connection)
    {
        await using var admin = new NpgsqlConnection(connection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS palermo_bench_stats WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE palermo_bench_stats", admin);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task FillAsync(ServiceProvider sp, DatabaseProvider provider, int cases, string marker)
    {
        var fill = Stopwatch.StartNew();
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
            await DatabaseMigrator.MigrateAsync(db);
            // One real demo person provides valid organisations and a data key for the synthetic rows to refer to.
            await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(1, 1, Actor.Cli);
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            // The temporary organisation table lives on one connection.
            await db.Database.OpenConnectionAsync();
            foreach (var sql in provider == DatabaseProvider.Sqlite ? SyntheticSql.Sqlite(cases) : SyntheticSql.Postgres(cases))
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }

        Console.WriteLine($"{provider}: {cases:N0} synthetic cases inserted in {fill.Elapsed.TotalSeconds:F0} s");
        var backfill = Stopwatch.StartNew();
        await using (var scope = sp.CreateAsyncScope())
        {
            // The set-based inserts bypass SaveChanges, as a bulk import would: the backfill writes their projection rows.
            var rows = await StatisticsProjection.BackfillAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>());
            Console.WriteLine($"{provider}: statistics projection backfilled, {rows:N0} rows in {backfill.Elapsed.TotalSeconds:F1} s");
        }

        await File.WriteAllTextAsync(marker, "");
    }

    // Writing 5 to clear_refs resets the kernel's peak-RSS mark, so the insert phase does not count.
    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static double PeakMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
