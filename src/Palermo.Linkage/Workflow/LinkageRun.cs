using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Interchange;
using Palermo.Linkage.Solving;

namespace Palermo.Linkage.Workflow;

/// <summary>
/// Links several parties' interchange files: every pair of inputs is compared, the candidate pairs are grouped
/// into persons by the greedy solver, and the unique-person count and pairwise overlaps are derived.
/// Memory stays near the size of the encodings: input j is read, compared as queries against the transposed
/// indexes of inputs 0..j-1, then itself transposed (unless it is the last) and its row form dropped.
/// </summary>
public static class LinkageRun
{
    /// <summary>Bit-frequency correlation below which two inputs are reported as probably made with different secrets.</summary>
    public const double MinimumCorrelation = 0.3;

    public sealed record Result(
        int[] InputSizes, List<List<RecordRef>> Groups, LinkageSummary Summary, List<string> Warnings, int CandidatePairs);

    public static Result Run(IReadOnlyList<string> paths, double threshold, Action<LinkageProgress>? progress = null, KernelKind kernel = KernelKind.Auto)
    {
        if (paths.Count < 2)
        {
            throw new LinkageException("Linking needs at least two input files.");
        }

        if (threshold is <= 0 or > 1 || double.IsNaN(threshold))
        {
            throw new LinkageException("The threshold must be greater than 0 and at most 1.");
        }

        if (paths.Count > GreedySolver.MaxInputs)
        {
            throw new LinkageException($"At most {GreedySolver.MaxInputs} inputs can be linked in one run.");
        }

        var names = paths.Select(Path.GetFileName).ToArray();
        var indexes = new CandidateIndex?[paths.Count];
        var stats = new InputStatistics[paths.Count];
        int[] sizes = new int[paths.Count];
        var edges = new List<Edge>();
        var warnings = new List<string>();
        string? fingerprint = null;
        int bits = 0;
        try
        {
            for (int j = 0; j < paths.Count; j++)
            {
                progress?.Invoke(new LinkageProgress($"Reading {names[j]}", 0, 1));
                ClkData data = ClkReader.Read(paths[j]);
                progress?.Invoke(new LinkageProgress($"Reading {names[j]}", 1, 1));
                FilterSet rows = data.Filters;
                Check(names, j, data, ref fingerprint, ref bits);
                sizes[j] = rows.Count;
                stats[j] = InputStatistics.Of(rows);
                for (int i = 0; i < j; i++)
                {
                    Warn(names, i, j, stats, warnings);
                    string stage = $"Comparing {names[i]} × {names[j]}";
                    var options = new MatchOptions
                    {
                        Threshold = threshold,
                        Progress = done => progress?.Invoke(new LinkageProgress(stage, done, rows.Count)),
                    };
                    List<ScoredPair> pairs = Matcher.Match(rows, indexes[i]!, options);
                    edges.EnsureCapacity(edges.Count + pairs.Count);
                    foreach (ScoredPair p in pairs)
                    {
                        edges.Add(new Edge(new RecordRef(i, p.Candidate), new RecordRef(j, p.Query), p.Score));
                    }
                }

                if (j < paths.Count - 1)
                {
                    indexes[j] = CandidateIndex.Build(rows, kernel);
                    rows = null!;
                    data = null!;
                    // The row copy is garbage now; collecting before the next file is read keeps the peak near
                    // one copy of the encodings instead of two (one collection per input file).
                    GC.Collect();
                }
            }
        }
        finally
        {
            foreach (CandidateIndex? index in indexes)
            {
                index?.Dispose();
            }
        }

        // The encodings are no longer needed: release them before the solver allocates its group tables.
        GC.Collect();
        progress?.Invoke(new LinkageProgress("Grouping", 0, 1));
        List<List<RecordRef>> groups = GreedySolver.Solve(sizes, edges);
        progress?.Invoke(new LinkageProgress("Grouping", 1, 1));
        LinkageSummary summary = LinkageSummary.From(sizes, groups);
        return new Result(sizes, groups, summary, warnings, edges.Count);
    }

    private static void Check(string?[] names, int j, ClkData data, ref string? fingerprint, ref int bits)
    {
        if (j == 0)
        {
            bits = data.Filters.BitLength;
            fingerprint = data.SchemaFingerprint;
            return;
        }

        if (data.Filters.BitLength != bits)
        {
            throw new LinkageException(
                $"{names[j]} holds {data.Filters.BitLength}-bit filters but {names[0]} holds {bits}-bit filters; they cannot be compared.");
        }

        if (fingerprint is not null && data.SchemaFingerprint is not null && fingerprint != data.SchemaFingerprint)
        {
            throw new LinkageException($"{names[j]} was encoded with a different linkage schema than {names[0]}.");
        }
    }

    private static void Warn(string?[] names, int i, int j, InputStatistics[] stats, List<string> warnings)
    {
        double correlation = stats[i].Correlation(stats[j]);
        if (correlation < MinimumCorrelation)
        {
            warnings.Add(
                $"{names[i]} and {names[j]} look encoded with different secrets or schemas: their bit statistics do not agree (correlation {correlation:F2}); matches between them are unreliable.");
        }

        double ratio = stats[i].MeanPopCount / Math.Max(1, stats[j].MeanPopCount);
        if (ratio is < 0.75 or > 1.33)
        {
            warnings.Add($"{names[i]} and {names[j]} have very different mean popcounts ({stats[i].MeanPopCount:F0} vs {stats[j].MeanPopCount:F0}): were they encoded with the same schema?");
        }
    }
}
