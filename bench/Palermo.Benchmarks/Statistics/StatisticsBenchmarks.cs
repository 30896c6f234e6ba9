using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using Palermo.Statistics;
using Palermo.Statistics.Ctdc;
using Palermo.Statistics.Disclosure;
using Palermo.Statistics.Synthetic;

namespace Palermo.Benchmarks.Statistics;

/// <summary>The statistics engine against DuckDB computing the same aggregates (unique persons per indicator
/// and year with the earliest record's attributes, then sex × age, form, citizenship × detection and
/// recruitment × exploitation counts) from the same one million synthetic records, already loaded in memory
/// in both. Run: dotnet run -c Release --project bench/Palermo.Benchmarks -- --filter '*StatisticsBenchmarks*'</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class StatisticsBenchmarks
{
    internal const string Aggregates = """
        WITH u AS (
            SELECT person_key, indicator, year,
                   arg_min({'sex': sex, 'age': age, 'form': form, 'cit': cit, 'det': det, 'rec': rec, 'expl': expl}, day_no) AS a
            FROM records
            GROUP BY person_key, indicator, year)
        SELECT indicator, year, a.sex, a.age, a.form, a.cit, a.det, a.rec, a.expl, count(*) AS n
        FROM u
        GROUP BY GROUPING SETS ((indicator, year, a.sex, a.age), (indicator, year, a.form),
                                (indicator, year, a.cit, a.det), (indicator, year, a.rec, a.expl))
        """;

    private StatisticsRecord[] records = [];
    private CountryTable countries = null!;
    private StatisticsCube cube = null!;
    private DuckDBConnection duck = null!;

    [Params(1_000_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        countries = CountryTable.LoadDefault();
        records = SyntheticRecordGenerator.Generate(new SyntheticOptions(Records, Seed: 42), countries);
        cube = StatisticsEngine.Compute(records, new StatisticsQuery(), countries);
        duck = DuckDbLoader.Load(records, countries);
    }

    [GlobalCleanup]
    public void Cleanup() => duck.Dispose();

    [Benchmark(Baseline = true, Description = "Engine: all aggregates")]
    public int Engine() => StatisticsEngine.Compute(records, new StatisticsQuery(), countries).PersonsCounted;

    [Benchmark(Description = "DuckDB: same aggregates")]
    public long DuckDb()
    {
        using var command = duck.CreateCommand();
        command.CommandText = Aggregates;
        using var reader = command.ExecuteReader();
        long total = 0;
        while (reader.Read())
        {
            total += reader.GetInt64(9);
        }

        return total;
    }

    [Benchmark(Description = "Tables + disclosure control (5 years)")]
    public int Protect() => Publication.Protect(cube).Systems.Count;

    [Benchmark(Description = "CTDC export, k = 11")]
    public int Ctdc()
    {
        using var writer = new StreamWriter(Stream.Null);
        return CtdcExporter.Export(records, new StatisticsQuery(), countries, writer).RowsWritten;
    }
}
