using BenchmarkDotNet.Running;
using Palermo.Benchmarks.Cases;
using Palermo.Benchmarks.Linkage;

// Whole-run scenarios are dispatched by their first argument; everything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "linkage-e2e" => EndToEndScenario.Run(args[1..]),
    "linkage-throughput" => ThroughputScenario.Run(args[1..]),
    "linkage-quality" => QualityScenario.Run(args[1..]),
    "cases-e2e" => await Palermo.Benchmarks.Cases.CasesScenario.RunAsync(args[1..]),
    "htcds-import" => await HtcdsImportScenario.RunAsync(args[1..]),
    "htcds-csv" => HtcdsImportScenario.WriteFile(args[1..]),
    "demo-floor" => await DemoFloorScenario.RunAsync(args[1..]),
    "cases-cost" => CaseCostScenario.Run(args[1..]),
    "pdf-clean" => await PdfCleanScenario.RunAsync(args[1..]),
    "audit-log" => await Palermo.Benchmarks.Audit.AuditLogScenario.RunAsync(args[1..]),
    "stats-e2e" => await Palermo.Benchmarks.Statistics.StatsScenario.RunAsync(args[1..]),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
