using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases.Htcds;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Benchmarks.Cases;

/// <summary>
/// <c>htcds-import [rows] [sqlite|postgres]</c>: generates an HTCDS CSV of synthetic cases (every person field, three
/// events, a decision on a third, a postal address on half, a perpetrator on half, an incoming referral on a fifth), imports it into an empty database with the real use case and reports rows/s for
/// the whole import (validate, seal, encode, store, commit); then the same file again into a second organisation, in
/// the warm process, as a running web server would import it; then, for the breakdown, the validation pass alone and
/// the in-memory build alone, then the export. The import runs first, in a process that has not yet run any of its
/// code, as <c>palermo cases import</c> does: the JIT and tiering costs of a cold process are part of what it reports.
/// PostgreSQL needs PALERMO_BENCH_POSTGRES, a connection string to an empty scratch database.
/// </summary>
public static class HtcdsImportScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var provider = args.Length > 1 && args[1] == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var dir = Path.Combine(Path.GetTempPath(), $"palermo-htcds-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var cs = Connection(provider, dir);
        try
        {
            var settings = new PalermoSettings(dir, provider, cs, Path.Combine(dir, "keys"), null, [], "http://localhost:5080");
            await using var sp = new ServiceCollection().AddPalermo(settings).AddPalermoUseCases().BuildServiceProvider();
            Organisation org;
            await using (var scope = sp.CreateAsyncScope())
            {
                await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>());
                org = await scope.ServiceProvider.GetRequiredService<CreateOrganisation>().HandleAsync(new("Bench NGO", "NonGovernmentalOrganisation", "ITA"), Actor.Cli);
            }

            var bytes = Encoding.UTF8.GetBytes(Generate(n));
            var actor = new Actor(null, org.Id, new HashSet<Role> { Role.CaseSupervisor }, "bench");
            Report("(start)", n, 1);
            var sw = Stopwatch.StartNew();
            await using (var scope = sp.CreateAsyncScope())
            {
                var (allocated, gcs, gen2, paused) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());
                sw.Restart();
                var result = await scope.ServiceProvider.GetRequiredService<ImportHtcds>().HandleAsync(new MemoryStream(bytes), actor);
                Report($"import {provider}, {bytes.Length / 1e6:F1} MB ({result.Imported} imported, {result.Errors.Count} errors)", n, sw.Elapsed.TotalSeconds);
                Console.WriteLine($"  allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)n:F0} bytes per row; {GC.CollectionCount(0) - gcs} collections ({GC.CollectionCount(2) - gen2} gen2), paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F2} s");
            }

            // The same file again into a second organisation, in the now warm process: what an import from the web page
            // of a running server costs (its code is compiled and tiered up already). The tables now hold as many rows
            // as the file, so the indexes stay live (CaseBulk.PrepareAsync defers them only for loads into near-empty
            // tables), as in most imports into a database in use.
            await using (var scope = sp.CreateAsyncScope())
            {
                var second = await scope.ServiceProvider.GetRequiredService<CreateOrganisation>().HandleAsync(new("Bench Shelter", "Shelter", "ITA"), Actor.Cli);
                var warm = new Actor(null, second.Id, new HashSet<Role> { Role.CaseSupervisor }, "bench");
                Report("(between)", n, 1);
                sw.Restart();
                var result = await scope.ServiceProvider.GetRequiredService<ImportHtcds>().HandleAsync(new MemoryStream(bytes), warm);
                Report($"import again, warm process, into a second organisation of the now non-empty database ({result.Imported} imported, {result.Errors.Count} errors)", n, sw.Elapsed.TotalSeconds);
            }

            Report("(between)", n, 1);
            var before = GC.GetTotalAllocatedBytes();
            sw.Restart();
            var errors = new List<HtcdsError>();
            var rows = HtcdsFile.Read(new MemoryStream(bytes), TimeProvider.System.GetUtcNow().UtcDateTime, errors);
            var validate = sw.Elapsed.TotalSeconds;
            Report($"validate only ({rows.Count} rows, {errors.Count} errors)", n, validate);
            Console.WriteLine($"  allocated {(GC.GetTotalAllocatedBytes() - before) / (double)n:F0} bytes per row");

            await using (var scope = sp.CreateAsyncScope())
            {
                // The in-memory part of storing: sealing, blind indexes, encodings, entities (no database).
                var s = scope.ServiceProvider;
                var (crypto, index, encoder) = (s.GetRequiredService<Palermo.Privacy.PersonCrypto>(), s.GetRequiredService<Palermo.Privacy.BlindIndex>(), s.GetRequiredService<Palermo.Cases.NameEncoder>());
                var now = TimeProvider.System.GetUtcNow().UtcDateTime;
                Report("(between)", n, 1);
                before = GC.GetTotalAllocatedBytes();
                sw.Restart();
                foreach (var r in rows)
                {
                    var p = Palermo.Cases.Person.Register(org.Id, r.Person, crypto, index, now);
                    p.SetEncoding(encoder.Encode(r.Person));
                    Palermo.Cases.Case.Open("PAL-2026-000001", org.Id, p, r.Facts, null, crypto, now);
                }

                Report("seal + encode + entities only", n, sw.Elapsed.TotalSeconds);
                Console.WriteLine($"  allocated {(GC.GetTotalAllocatedBytes() - before) / (double)n:F0} bytes per row");
            }

            await using (var scope = sp.CreateAsyncScope())
            {
                Report("(between)", n, 1);
                sw.Restart();
                var result = await scope.ServiceProvider.GetRequiredService<ExportHtcds>().HandleAsync(ExportFormat.Htcds, Path.Combine(dir, "out.csv"), actor);
                Report($"export {provider} ({result.Exported} cases)", n, sw.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"on {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Wall time, and this process's CPU time since the last report: on a busy shared machine the CPU time says more.</summary>
    private static void Report(string what, int n, double seconds)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var used = (cpu - _cpu).TotalSeconds;
        _cpu = cpu;
        if (what.StartsWith('(')) return;
        Console.WriteLine($"{what}: {seconds:F2} s wall = {n / seconds:F0} rows/s; {used:F2} s CPU = {n / used:F0} rows per CPU-second");
    }

    /// <summary>
    /// <c>htcds-csv ROWS FILE</c>: writes the scenario's file without importing it, for timing the command a user runs
    /// (<c>time ./palermo cases import --format htcds --org ORG FILE</c>) on the same data.
    /// </summary>
    public static int WriteFile(string[] args)
    {
        File.WriteAllText(args[1], Generate(int.Parse(args[0], CultureInfo.InvariantCulture)), new UTF8Encoding(false));
        return 0;
    }

    private static string Generate(int n)
    {
        var rnd = new Random(2026);
        string[] given = ["Olena", "Amina", "Maria", "Ngozi", "Iryna", "Lan", "Fatima", "Ana", "Daniel", "Mihai"];
        string[] family = ["Kovalenko", "Okafor", "Popescu", "Nguyen", "Haddad", "Silva", "Ivanova", "Mensah", "Rossi", "Bondar"];
        string[] countries = ["UKR", "NGA", "ROU", "VNM", "MDA", "BRA", "ALB", "GHA", "CHN", "PHL"];
        string[] exploitation = ["SexualExploitation", "ForcedLabour", "ForcedBegging", "ForcedMarriage", "ForcedLabour;Servitude"];
        var sb = new StringBuilder("pal_ExternalId,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,prs_PrimaryLanguage,prs_IdentityNumber,prs_MobilePhone,prs_Email,"
            + "vic_TraffickingStatus,vic_MethodsOfControl,vic_TypeOfExploitation,hte_Type,hte_Country,hte_Date,pal_CountryOfDetection,pal_IdentificationDate,pal_Risk,"
            + "pal_ReasonableGroundsDate,pal_ReasonableGroundsOutcome,prs_MailingStreet,prs_MailingCity,prs_MailingPostalCode,prs_MailingCountry,"
            + "per_RoleInProcess,per_SecondName,per_Gender,per_Age,per_Citizenship,cas_ReferringOrganisation,cas_IncomingReferralDate,cas_ReasonForIncomingReferral\r\n");
        for (var i = 0; i < n; i++)
        {
            var c = countries[rnd.Next(countries.Length)];
            var id = new DateOnly(2020, 1, 1).AddDays(rnd.Next(2000));
            var birth = id.AddYears(-rnd.Next(12, 50)).AddDays(-rnd.Next(365));
            var rg = i % 3 == 0 ? $"{id.AddDays(5):yyyy-MM-dd},Positive" : ",";
            sb.Append(CultureInfo.InvariantCulture, $"B-{i},{given[rnd.Next(10)]},{family[rnd.Next(10)]},{birth:yyyy-MM-dd},{(i % 2 == 0 ? "Feminine" : "Masculine")},{c},Lang{i % 7},")
              .Append(CultureInfo.InvariantCulture, $"DOC{i:D8},+39 333 {i:D7},p{i}@example.org,PossibleVictimOfTrafficking,DebtBondage;WithholdsDocuments,{exploitation[i % 5]},")
              .Append(CultureInfo.InvariantCulture, $"Recruitment;Transit;Exploitation,{c};HUN;ITA,{id.AddDays(-200):yyyy-MM-dd};;{id.AddDays(-100):yyyy-MM-dd},ITA,{id:yyyy-MM-dd},Medium,{rg},")
              // An address on every other row, a described perpetrator on half, an incoming referral on a fifth.
              .Append(i % 2 == 0 ? $"Via Roma {i % 300 + 1},Bari,70121,ITA," : ",,,,")
              .Append(i % 4 < 2 ? $"RecruiterOrIntermediary;Exploiter,{family[rnd.Next(10)]},Masculine,{30 + i % 25},{c}," : ",,,,,")
              .Append(i % 5 == 0 ? $"Caritas Bari,{id.AddDays(-3):yyyy-MM-dd},AdditionalServicesRequired\r\n" : ",,\r\n");
        }

        return sb.ToString();
    }

    /// <summary>PostgreSQL: PALERMO_BENCH_POSTGRES names an empty scratch database (the scenario migrates it and leaves it).</summary>
    private static string Connection(DatabaseProvider provider, string dir) => provider == DatabaseProvider.Sqlite
        ? $"Data Source={Path.Combine(dir, "palermo.db")};Pooling=False"
        : Environment.GetEnvironmentVariable("PALERMO_BENCH_POSTGRES") ?? throw new InvalidOperationException("Set PALERMO_BENCH_POSTGRES to an empty database.");
}
