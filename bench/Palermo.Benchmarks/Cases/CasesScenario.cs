using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Demo;

namespace Palermo.Benchmarks.Cases;

/// <summary>
/// Whole-run scenario for the case module: seeds N synthetic cases with the demo generator (timed), then measures the
/// case list page, lookup by reference, fuzzy name search and registration with the duplicate check, as a case worker
/// of the busiest organisation would see them. Usage: cases-e2e [N=20000] [sqlite|postgres] [seed-only]
/// (postgres reads PALERMO_TEST_POSTGRES).
/// </summary>
public static class CasesScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var provider = args.Length > 1 && args[1] == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        // PALERMO_BENCH_REUSE=DIR[,DATABASE] measures a database kept by an earlier run (PALERMO_BENCH_KEEP=1) without seeding.
        var reuse = Environment.GetEnvironmentVariable("PALERMO_BENCH_REUSE")?.Split(',');
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var dir = reuse?[0] ?? Path.Combine(Path.GetTempPath(), "palermo-bench-" + suffix);
        var cs = provider == DatabaseProvider.Postgres
            ? Environment.GetEnvironmentVariable("PALERMO_TEST_POSTGRES")!.Replace("Database=postgres", "Database=" + (reuse?.ElementAtOrDefault(1) ?? "bench_" + suffix), StringComparison.Ordinal)
            : $"Data Source={Path.Combine(dir, "palermo.db")}";
        var settings = new PalermoSettings(dir, provider, cs, Path.Combine(dir, "keys"), null, [], "http://localhost");
        var services = new ServiceCollection().AddPalermo(settings).AddPalermoUseCases().BuildServiceProvider();
        if (reuse is null)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
                if (provider == DatabaseProvider.Postgres) await db.Database.EnsureDeletedAsync();
                await DatabaseMigrator.MigrateAsync(db);
            }

            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (allocated, gcs, paused) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.GetTotalPauseDuration());
            var gen2 = GC.CollectionCount(2);
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(n, 42, Actor.Cli);
            }

            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

            Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            Console.WriteLine($"provider {provider}; seeded {n} cases in {sw.Elapsed.TotalSeconds:F1} s = {n / sw.Elapsed.TotalSeconds:F0} cases/s; {cpuSeconds:F1} s CPU = {n / cpuSeconds:F0} cases per CPU-second ({cpuSeconds * 1e6 / n:F0} µs per case)");
            Console.WriteLine($"allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)n:F0} bytes per case; {GC.CollectionCount(0) - gcs} collections ({GC.CollectionCount(2) - gen2} gen2), paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F1} s");
            if (args.Contains("seed-only"))
            {
                await Cleanup(services, provider, dir, keep: Environment.GetEnvironmentVariable("PALERMO_BENCH_KEEP") == "1", cs);
                return 0;
            }
        }

        Guid org;
        string reference;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
            org = await db.Cases.GroupBy(c => c.OrganisationId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
            reference = await db.Cases.Where(c => c.OrganisationId == org).OrderBy(c => c.Id).Select(c => c.Reference).Skip(n / 20).FirstAsync();
            Console.WriteLine($"busiest organisation holds {await db.Cases.CountAsync(c => c.OrganisationId == org)} cases");
        }

        var worker = new Actor(Guid.NewGuid(), org, new HashSet<Role> { Role.CaseWorker }, "bench");
        // The organisation receiving the most accepted referrals: its name searches also scan the referring owners'
        // indexes, limited to the cases referred to it with identity.
        Guid? receiver = null;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
            var top = await db.Referrals.Where(r => r.State == Palermo.Referrals.ReferralState.Accepted).GroupBy(r => r.ToOrganisationId)
                .Select(g => new { g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).FirstOrDefaultAsync();
            if (top is not null)
            {
                receiver = top.Key;
                Console.WriteLine($"receiving organisation: {top.Count} accepted referrals, {await db.Cases.CountAsync(c => c.OrganisationId == top.Key)} own cases");
            }
        }

        await Measure(services, "case list page (25, newest first)", 100, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery(), worker));
        await Measure(services, "case list page filtered (status+form+country)", 100, sp => sp.GetRequiredService<ListCases>().HandleAsync(
            new CaseQuery { Status = "Active", Exploitation = "ForcedLabour", Country = "ITA" }, worker));
        await Measure(services, "lookup by reference", 200, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery { Lookup = reference }, worker));
        await Measure(services, "fuzzy name search", 30, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery { Name = "Elena Kovalenko" }, worker));
        await Measure(services, "one-name search (family name Kovalenko)", 30, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery { Name = "Kovalenko" }, worker));
        await Measure(services, "one-name search (given name Mohammed)", 30, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery { Name = "Mohammed" }, worker));
        // The in-memory match alone (stamp read and scan), to tell it from the database work around it.
        await Measure(services, "in-memory match only (Mohammed, containment)", 30, sp =>
        {
            var encoder = sp.GetRequiredService<NameEncoder>();
            return encoder.SearchAsync(sp.GetRequiredService<PalermoDbContext>(), org, encoder.ParseQuery("Mohammed", null), ListCases.NameMatchLimit, default);
        });
        await Measure(services, "in-memory match only (Elena Kovalenko, Dice)", 30, sp =>
        {
            var encoder = sp.GetRequiredService<NameEncoder>();
            return encoder.SearchAsync(sp.GetRequiredService<PalermoDbContext>(), org, encoder.ParseQuery("Elena Kovalenko", null), ListCases.NameMatchLimit, default);
        });
        if (receiver is { } rec)
        {
            var shelterWorker = new Actor(Guid.NewGuid(), rec, new HashSet<Role> { Role.CaseWorker }, "bench");
            await Measure(services, "receiver's case list page (own and referred, newest first)", 30, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery(), shelterWorker));
            await Measure(services, "receiver's name search (Mohammed)", 30, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery { Name = "Mohammed" }, shelterWorker));
            await Measure(services, "receiver's name search (Elena Kovalenko)", 30, sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery { Name = "Elena Kovalenko" }, shelterWorker));
            // The first request after a bulk write replaced the receiver's stamp with no link to follow: its in-memory
            // set of referred cases is read again. The change itself (a new stamp) is made before the timer starts.
            await Measure(services, "receiver's case list page right after a referral change", 10,
                sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery(), shelterWorker),
                before: async sp => await Palermo.Referrals.ReferralAccessStamp.BumpAsync(sp.GetRequiredService<PalermoDbContext>(), rec, default));
            // The first request after another process (its own services and in-memory indexes: a connection string
            // differing by a keyword that changes nothing) completed one of the receiver's accepted referrals, a
            // different one each run; made before the timer starts.
            var otherCs = cs + (provider == DatabaseProvider.Postgres ? ";Application Name=palermo-bench-other" : ";Default Timeout=30");
            await using var other = new ServiceCollection().AddPalermo(settings with { ConnectionString = otherCs }).AddPalermoUseCases().BuildServiceProvider();
            await Measure(services, "receiver's case list page right after another process's referral change", 10,
                sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery(), shelterWorker),
                before: async _ =>
                {
                    await using var scope = other.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
                    var referral = await db.Referrals.Where(r => r.ToOrganisationId == rec && r.State == Palermo.Referrals.ReferralState.Accepted).OrderBy(r => r.Id).FirstAsync();
                    referral.Complete(db.UtcNow);
                    await db.SaveChangesAsync();
                });
        }

        // Lookups are audited: concurrent searchers share the audit chain's head, so throughput matters as well as latency.
        foreach (var parallel in new[] { 1, 4, 16 })
        {
            await MeasureConcurrent(services, $"lookup by reference, {parallel} concurrent", parallel, 400,
                sp => sp.GetRequiredService<ListCases>().HandleAsync(new CaseQuery { Lookup = reference }, worker));
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var flush = Stopwatch.StartNew();
            var written = await scope.ServiceProvider.GetRequiredService<Palermo.Audit.SearchAuditLog>().FlushAsync();
            Console.WriteLine($"search audit: {written} entries still queued, written in {flush.Elapsed.TotalMilliseconds:F1} ms");
        }

        var i = 0;
        await Measure(services, "registration with duplicate check", 30, sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(new CaseInput
        {
            GivenName = "Bench" + i++, FamilyName = "Person", CountryOfDetection = "ITA", IdentificationDate = "2026-01-01", Exploitation = ["ForcedLabour"],
        }, worker));
        // PALERMO_BENCH_KEEP=1 leaves the database for inspection (EXPLAIN, psql, sqlite3).
        var keep = reuse is not null || Environment.GetEnvironmentVariable("PALERMO_BENCH_KEEP") == "1";
        await Cleanup(services, provider, dir, keep, cs);
        return 0;
    }

    private static async Task Cleanup(ServiceProvider services, DatabaseProvider provider, string dir, bool keep, string cs)
    {
        if (keep) Console.WriteLine($"kept: PALERMO_BENCH_REUSE={dir}{(provider == DatabaseProvider.Postgres ? "," + cs.Split("Database=")[1] : "")}");
        if (provider == DatabaseProvider.Postgres && !keep)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PalermoDbContext>().Database.EnsureDeletedAsync();
        }

        await services.DisposeAsync();
        // A million cases take gigabytes: never leave the scratch database behind.
        if (!keep && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Console.WriteLine($"on {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static async Task MeasureConcurrent<T>(ServiceProvider services, string name, int parallel, int total, Func<IServiceProvider, Task<T>> work)
    {
        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        var left = total;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                await using var scope = services.CreateAsyncScope();
                var sw = Stopwatch.StartNew();
                await work(scope.ServiceProvider);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        })));
        var sorted = times.Order().ToList();
        Console.WriteLine($"{name}: {total / wall.Elapsed.TotalSeconds:F0} per second, median {sorted[sorted.Count / 2]:F1} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:F1} ms ({total} runs)");
    }

    private static async Task Measure<T>(ServiceProvider services, string name, int runs, Func<IServiceProvider, Task<T>> work, Func<IServiceProvider, Task>? before = null)
    {
        var times = new List<double>();
        for (var r = 0; r < runs + 3; r++)
        {
            if (before is not null)
            {
                await using var setup = services.CreateAsyncScope();
                await before(setup.ServiceProvider);
            }

            await using var scope = services.CreateAsyncScope();
            var sw = Stopwatch.StartNew();
            await work(scope.ServiceProvider);
            if (r >= 3) times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"{name}: median {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms ({runs} runs)");
    }
}
