using BenchmarkDotNet.Attributes;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Evaluation;
using Palermo.Linkage.Schema;

namespace Palermo.Benchmarks.Linkage;

/// <summary>Encoding 10,000 synthetic records with the default schema on one thread: records/s = 10,000 / mean.</summary>
[MemoryDiagnoser]
public class EncoderBenchmarks
{
    private readonly byte[] _output = new byte[128];
    private LinkageEncoder _encoder = null!;
    private List<string?[]> _records = null!;

    [GlobalSetup]
    public void Setup()
    {
        _encoder = new LinkageEncoder(DefaultSchema.Create(), "benchmark-secret-0123456789abcdef"u8);
        _records = EvaluationData.Create(10_000, 10, 0.5, seed: 4).A.Select(p => p.Values).ToList();
    }

    [Benchmark]
    public void EncodeTenThousand()
    {
        foreach (string?[] r in _records)
        {
            _encoder.Encode(r, _output);
        }
    }
}
