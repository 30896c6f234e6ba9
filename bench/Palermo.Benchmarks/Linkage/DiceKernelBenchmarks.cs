using BenchmarkDotNet.Attributes;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Evaluation;
using Palermo.Linkage.Schema;

namespace Palermo.Benchmarks.Linkage;

/// <summary>
/// 1024 queries × 20,480 candidates (real encodings of synthetic people) per operation on one thread:
/// comparisons per second = 20,971,520 / mean time. Threshold 0.8, where popcount pruning skips almost nothing.
/// </summary>
[MemoryDiagnoser]
public class DiceKernelBenchmarks
{
    private FilterSet _queries = null!;
    private CandidateIndex _index = null!;

    [Params(KernelKind.ScalarPopcnt, KernelKind.Avx2, KernelKind.Avx512, KernelKind.BitSliced, KernelKind.BitSlicedAvx2)]
    public KernelKind Kernel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var encoder = new LinkageEncoder(DefaultSchema.Create(), "benchmark-secret-0123456789abcdef"u8);
        EvaluationData data = EvaluationData.Create(20_480, 1024, 0.5, seed: 3);
        _queries = QualityReport.Encode(encoder, data.B);
        _index = CandidateIndex.Build(QualityReport.Encode(encoder, data.A), Kernel);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public int MatchOneCore() =>
        Matcher.Match(_queries, _index, new MatchOptions { Threshold = 0.8, MaxDegreeOfParallelism = 1 }).Count;
}
