using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Benchmarks.Audit;

/// <summary>
/// <c>audit-log [entries] [sqlite|postgres]</c>: fills the audit log with N synthetic entries (20 organisations of 10
/// accounts each over a year; reads, sign-ins and changes in realistic shares; one quiet account with 50 entries; one
/// case with 40) and times the data protection officer's reading of it (<see cref="ListAuditEntries"/>, the real use
/// case, which also writes its own audit entry) for each kind of filter: median and p95 of 30 runs after 3 warm-ups.
/// PostgreSQL needs PALERMO_BENCH_POSTGRES, a connection string to an empty scratch database.
/// </summary>
public static class AuditLogScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var provider = args.Length > 1 && args[1] == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var dir = Path.Combine(Path.GetTempPath(), $"palermo-audit-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var cs = provider == DatabaseProvider.Sqlite ? $"Data Source={Path.Combine(dir, "palermo.db")};Pooling=False"
            : Environment.GetEnvironmentVariable("PALERMO_BENCH_POSTGRES") ?? throw new InvalidOperationException("Set PALERMO_BENCH_POSTGRES to an empty database.");
        try
        {
            var settings = new PalermoSettings(dir, provider, cs, Path.Combine(dir, "keys"), null, [], "http://localhost:5080");
            await using var sp = new ServiceCollection().AddPalermo(settings).AddPalermoUseCases().BuildServiceProvider();
            var orgs = new List<Guid>();
            var users = new List<(Guid Id, Guid Org)>();
            Guid caseId, personId, officer;
            await using (var scope = sp.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
                await DatabaseMigrator.MigrateAsync(db);
                for (var o = 0; o < 20; o++)
                {
                    var org = await scope.ServiceProvider.GetRequiredService<CreateOrganisation>().HandleAsync(new($"Bench Org {o}", "NonGovernmentalOrganisation", "ITA"), Actor.Cli);
                    orgs.Add(org.Id);
                    for (var u = 0; u < 10; u++)
                    {
                        var role = u == 0 ? "DataProtectionOfficer" : "CaseWorker";
                        var created = await scope.ServiceProvider.GetRequiredService<CreateUser>().HandleAsync(new($"u{u}@org{o}.bench.invalid", org.Id.ToString(), [role]), Actor.Cli);
                        users.Add((created.User.Id, org.Id));
                    }
                }

                officer = users[0].Id;
                var worker = new Actor(users[1].Id, orgs[0], new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
                var registered = await scope.ServiceProvider.GetRequiredService<RegisterVictim>().HandleAsync(new CaseInput
                {
                    GivenName = "Olena", FamilyName = "Bench", BirthDate = "1990-01-01", Gender = "Feminine", Citizenships = ["UKR"],
                    CountryOfDetection = "ITA", IdentificationDate = "2026-01-15", Exploitation = ["SexualExploitation"],
                }, worker);
                caseId = registered.CaseId;
                personId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.PersonId).SingleAsync();
            }

            var sw = Stopwatch.StartNew();
            await FillAsync(sp, provider, n, orgs, users, caseId, personId);
            Console.WriteLine($"filled {n:N0} entries in {sw.Elapsed.TotalSeconds:F1} s ({provider})");

            var dpo = new Actor(officer, orgs[0], new HashSet<Role> { Role.DataProtectionOfficer }, "127.0.0.1");
            var busy = users[1].Id.ToString();
            var quiet = users[9].Id.ToString();
            string reference;
            await using (var scope = sp.CreateAsyncScope())
            {
                reference = await scope.ServiceProvider.GetRequiredService<PalermoDbContext>().Cases.Where(c => c.Id == caseId).Select(c => c.Reference).SingleAsync();
            }

            (string What, AuditLogQuery Q)[] queries =
            [
                ("newest page of the organisation", new()),
                ("a busy account", new() { Account = busy }),
                ("a quiet account (50 entries in the year)", new() { Account = quiet }),
                ("a rare event (LockedOut)", new() { Event = "LockedOut" }),
                ("a common event (CaseRead)", new() { Event = "CaseRead" }),
                ("one case", new() { Case = reference }),
                ("one day", new() { From = "2026-06-01", To = "2026-06-01" }),
                ("a busy account's reads on one day", new() { Account = busy, Event = "CaseRead", From = "2026-06-01", To = "2026-06-01" }),
            ];
            foreach (var (what, q) in queries)
            {
                var times = new List<double>();
                var count = 0;
                for (var i = 0; i < 33; i++)
                {
                    await using var scope = sp.CreateAsyncScope();
                    var t = Stopwatch.StartNew();
                    var page = await scope.ServiceProvider.GetRequiredService<ListAuditEntries>().HandleAsync(q, dpo);
                    if (i >= 3) times.Add(t.Elapsed.TotalMilliseconds);
                    count = page.Lines.Count;
                }

                times.Sort();
                Console.WriteLine($"{what}: {count} lines; median {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms");
            }

            // The warning of unusual reading at the top of the page: the organisation's case reads of the last 31 days.
            var unusualTimes = new List<double>();
            for (var i = 0; i < 33; i++)
            {
                await using var scope = sp.CreateAsyncScope();
                var t = Stopwatch.StartNew();
                await scope.ServiceProvider.GetRequiredService<FindUnusualReading>().HandleAsync(dpo);
                if (i >= 3) unusualTimes.Add(t.Elapsed.TotalMilliseconds);
            }

            unusualTimes.Sort();
            Console.WriteLine($"unusual reading check: median {unusualTimes[unusualTimes.Count / 2]:F1} ms, p95 {unusualTimes[(int)(unusualTimes.Count * 0.95)]:F1} ms");
            Console.WriteLine($"on {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            return 0;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("PALERMO_BENCH_KEEP") == "1") Console.WriteLine($"kept {dir}");
            else Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Synthetic entries written straight into the table (the chain's hashes are not what is measured).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Numbers, event codes and generated ids only; no input.")]
    private static async Task FillAsync(IServiceProvider sp, DatabaseProvider provider, int n, List<Guid> orgs, List<(Guid Id, Guid Org)> users, Guid caseId, Guid personId)
    {
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        long start;
        await using (var max = conn.CreateCommand())
        {
            max.CommandText = "SELECT COALESCE(MAX(\"Sequence\"), 0) FROM \"AuditEntry\"";
            start = Convert.ToInt64(await max.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        var rnd = new Random(2026);
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = TimeSpan.FromDays(365).Ticks / n;
        var quiet = users[9].Id;
        var quietEvery = n / 50;
        var caseEvery = n / 40;
        const int Batch = 500;
        await using var tx = await conn.BeginTransactionAsync();
        for (var i = 0; i < n; i += Batch)
        {
            await using var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            var sql = new System.Text.StringBuilder("INSERT INTO \"AuditEntry\" (\"Sequence\", \"At\", \"ActorId\", \"OrganisationId\", \"Event\", \"EntityType\", \"EntityId\", \"Purpose\", \"ClientAddress\", \"PrevHash\", \"Hash\") VALUES ");
            for (var j = 0; j < Batch && i + j < n; j++)
            {
                var k = i + j;
                var (actor, org) = users[rnd.Next(users.Count)];
                if (actor == quiet) (actor, org) = users[1];
                if (k % quietEvery == 7) (actor, org) = users[9];
                var r = rnd.NextDouble();
                var (ev, type, id) = k % caseEvery == 3 ? (AuditEvent.CaseRead, "Case", caseId)
                    : r < 0.4 ? (AuditEvent.CaseRead, "Case", Guid.NewGuid())
                    : r < 0.7 ? (AuditEvent.PersonRead, "Person", Guid.NewGuid())
                    : r < 0.8 ? (AuditEvent.SignInSucceeded, "User", actor)
                    : r < 0.9999 ? (AuditEvent.CaseUpdated, "Case", Guid.NewGuid())
                    : (AuditEvent.LockedOut, "User", actor);
                if (j > 0) sql.Append(',');
                var p = $"@p{j}_";
                sql.Append(CultureInfo.InvariantCulture, $"({start + k + 1},{p}a,{p}b,{p}c,{(int)ev},'{type}','{id}',NULL,'10.0.0.1','x','x')");
                Add(cmd, p + "a", t0.AddTicks(span * k));
                Add(cmd, p + "b", provider == DatabaseProvider.Sqlite ? actor.ToString().ToUpperInvariant() : actor);
                Add(cmd, p + "c", provider == DatabaseProvider.Sqlite ? org.ToString().ToUpperInvariant() : org);
            }

            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync();
        }

        await using (var head = conn.CreateCommand())
        {
            head.Transaction = tx;
            head.CommandText = $"UPDATE \"AuditHead\" SET \"Sequence\" = {start + n}";
            await head.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        await using var analyze = conn.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
