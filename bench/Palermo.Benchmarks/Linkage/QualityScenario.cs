using System.Globalization;
using Palermo.Linkage;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Blocking;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Evaluation;
using Palermo.Linkage.Schema;

namespace Palermo.Benchmarks.Linkage;

/// <summary>
/// <c>linkage-quality [records] [seed]</c>: precision, recall and F1 across thresholds for the default schema,
/// with and without balancing, as a Markdown table for docs/linkage.md.
/// </summary>
public static class QualityScenario
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        int seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        EvaluationData data = EvaluationData.Create(n, n, 0.5, seed);
        double[] thresholds = [.. Enumerable.Range(12, 8).Select(i => i * 0.05)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{n} x {n} records, {data.Truth.Count} true pairs, seed {seed}; name twins (B records with a different same-name, same-sex person in A born within 2 years): {data.NameTwinShare():P1}"));
        foreach (bool balance in new[] { false, true })
        {
            LinkageSchema schema = DefaultSchema.Create() with { Hardening = new HardeningOptions { Balance = balance } };
            var encoder = new LinkageEncoder(schema, "quality-evaluation-secret-0123456789"u8);
            Console.WriteLine(balance ? "\nBalanced:" : "\nDefault (no balancing):");
            Console.WriteLine("| threshold | precision | recall | F1 |");
            Console.WriteLine("|---|---|---|---|");
            foreach (QualityPoint p in QualityReport.Evaluate(encoder, data, thresholds))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {p.Threshold:F2} | {p.Precision:F4} | {p.Recall:F4} | {p.F1:F4} |"));
            }
        }

        var lshEncoder = new LinkageEncoder(DefaultSchema.Create(), "quality-evaluation-secret-0123456789"u8);
        FilterSet a = QualityReport.Encode(lshEncoder, data.A), b = QualityReport.Encode(lshEncoder, data.B);
        List<ScoredPair> exhaustive = Matcher.Match(b, a, new MatchOptions { Threshold = LinkageDefaults.Threshold });
        var lsh = new LshBlocker(a.BitLength);
        List<ScoredPair> blocked = lsh.Match(b, a, LinkageDefaults.Threshold);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nLSH blocking ({lsh.Bands} bands x {lsh.BitsPerBand} bits) at {LinkageDefaults.Threshold}: recall {LshBlocker.Recall(exhaustive, blocked):F4} of {exhaustive.Count} exhaustive pairs"));
        return 0;
    }
}
