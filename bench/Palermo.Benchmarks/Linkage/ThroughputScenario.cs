using System.Diagnostics;
using System.Globalization;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Crypto;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Evaluation;
using Palermo.Linkage.Schema;

namespace Palermo.Benchmarks.Linkage;

/// <summary>
/// <c>linkage-throughput [queries] [candidates] [threshold] [kernel[,kernel...]|none]</c>: Dice comparisons per second of every kernel on real
/// encodings (synthetic people), on one core and on all cores, best of five repetitions, plus encoding rate per core.
/// Every query × candidate counts as a comparison. With pruning off every pair is really counted (the raw kernel);
/// with pruning on, blocks whose popcount range cannot reach the threshold are skipped (the effective rate).
/// </summary>
public static class ThroughputScenario
{
    public static int Run(string[] args)
    {
        int nq = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4096;
        int nc = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        double threshold = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0.8;
        var encoder = new LinkageEncoder(DefaultSchema.Create(), "throughput-benchmark-secret-000"u8);
        EvaluationData data = EvaluationData.Create(nc, nq, 0.5, seed: 7);

        var sw = Stopwatch.StartNew();
        FilterSet candidates = QualityReport.Encode(encoder, data.A);
        FilterSet queries = QualityReport.Encode(encoder, data.B);
        sw.Stop();
        Console.WriteLine($"encode (1 thread, first pass incl. JIT): {(nc + nq) / sw.Elapsed.TotalSeconds:F0} records/s");
        sw.Restart();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        QualityReport.Encode(encoder, data.A);
        // Per CPU second as well: on a shared machine the wall-clock rate mostly measures the other processes.
        double encodeCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"encode (1 thread, warm): {nc / sw.Elapsed.TotalSeconds:F0} records/s ({nc / encodeCpu:F0} per CPU second)");

        Console.WriteLine($"token hashing: {(Blake2bCompress8.IsSupported ? "8 lanes (AVX-512)" : Blake2bCompress4.IsSupported ? "4 lanes (AVX2)" : "one at a time")}");
        if (args.Length > 3 && args[3].Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            // Encoding only (e.g. to compare the hashing paths with DOTNET_EnableAVX2=0 in alternate runs).
            return 0;
        }

        // An optional fourth argument measures one kernel only (e.g. BitSliced), for runs on a busy machine; Auto measures
        // the kernel Auto picks on this CPU (the list below skips Auto itself, so it must be resolved first). Several kernels
        // may be given comma-separated (e.g. Avx2,BitSlicedAvx2) to compare them in one run.
        KernelKind[]? only = args.Length > 3
            ? args[3].Split(',').Select(a => KernelSupport.Resolve(Enum.Parse<KernelKind>(a, ignoreCase: true))).ToArray()
            : null;
        if (only is not null)
        {
            Console.WriteLine($"kernels: {string.Join(", ", only)} (Auto resolves to {KernelSupport.Resolve(KernelKind.Auto)})");
        }

        foreach (KernelKind kind in only ?? Enum.GetValues<KernelKind>().Where(k => k != KernelKind.Auto && KernelSupport.IsSupported(k)))
        {
            foreach ((int threads, bool pruning) in new[] { (1, false), (Environment.ProcessorCount, false), (1, true), (Environment.ProcessorCount, true) })
            {
                double best = 0, bestCpu = 0;
                int pairs = 0;
                using CandidateIndex index = CandidateIndex.Build(candidates, kind);
                int q = KernelSupport.IsBitSliced(kind) ? nq : Math.Min(nq, 512);
                for (int rep = 0; rep < 5; rep++)
                {
                    sw.Restart();
                    TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
                    pairs = Matcher.Match(Slice(queries, q), index, new MatchOptions { Threshold = threshold, MaxDegreeOfParallelism = threads, PopCountPruning = pruning }).Count;
                    best = Math.Max(best, (double)q * nc / sw.Elapsed.TotalSeconds);
                    bestCpu = Math.Max(bestCpu, (double)q * nc / (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
                }

                Console.WriteLine($"{kind,-13} threads={threads} pruning={(pruning ? "on " : "off")}: {best / 1e6,8:F0} M comparisons/s, {bestCpu / 1e6,6:F0} M per CPU second (pairs >= {threshold}: {pairs}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
            }
        }

        return 0;
    }

    private static FilterSet Slice(FilterSet s, int count)
    {
        var r = new FilterSet(count, s.BitLength);
        for (int i = 0; i < count; i++)
        {
            s[i].CopyTo(r[i]);
        }

        return r;
    }
}
