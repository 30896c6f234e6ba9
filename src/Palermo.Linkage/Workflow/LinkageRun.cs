using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Interchange;
using Palermo.Linkage.Solving;

namespace Palermo.Linkage.Workflow;

/// <summary>
/// Links several parties' interchange files: every pair of inputs is compared, the candidate pairs are grouped
/// into persons by the greedy solver, and the unique-person count and pairwise overlaps are derived.
/// Memory stays near the size of the encodings: input j is streamed in batches; each batch is compared as queries
/// against the transposed indexes of inputs 0..j-1 and then transposed itself (unless j is the last input), so
/// no input ever exists in row form as a whole.
/// </summary>
public static class LinkageRun
{
    /// <summary>Bit-frequency correlation below which two inputs are reported as probably made with different secrets.</summary>
    public const double MinimumCorrelation = 0.3;

    /// <summary>
    /// Inputs smaller than this are not compared statistically: with the same secret, 20 records already correlate
    /// at about 0.8 and different secrets at about 0.1, but fewer records are noise.
    /// </summary>
    public const int MinimumForStatistics = 20;

    /// <summary>Inputs at least this large that share nobody are implausible enough to warn about.</summary>
    public const int MinimumForOverlapWarning = 200;

    /// <summary>Filters read, compared and transposed at a time: 1 MB of 1024-bit filters.</summary>
    private const int BatchSize = 8_192;

    public sealed record Result(
        int[] InputSizes, GroupList Groups, LinkageSummary Summary, List<string> Warnings, int CandidatePairs);

    public static Result Run(IReadOnlyList<string> paths, double threshold, Action<LinkageProgress>? progress = null, KernelKind kernel = KernelKind.Auto) =>
        Run(paths, threshold, progress, kernel, BatchSize);

    internal static Result Run(IReadOnlyList<string> paths, double threshold, Action<LinkageProgress>? progress, KernelKind kernel, int batchSize)
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
        var edges = new EdgeBuffer(new int[paths.Count]);
        var warnings = new List<string>();
        string? fingerprint = null;
        int bits = 0;
        try
        {
            for (int j = 0; j < paths.Count; j++)
            {
                int input = j;
                stats[j] = new InputStatistics();
                CandidateIndexBuilder? builder = null;
                long fileLength = new FileInfo(paths[j]).Exists ? new FileInfo(paths[j]).Length : 0;
                string stage = j == 0 ? $"Reading {names[j]}" : $"Linking {names[j]}";
                ClkData data = ClkReader.ReadBatches(paths[j], batchSize, (batch, first) =>
                {
                    if (first == 0)
                    {
                        CheckLength(names, input, batch.BitLength, ref bits);
                    }

                    stats[input].Add(batch);
                    for (int i = 0; i < input; i++)
                    {
                        List<ScoredPair> pairs = Matcher.Match(batch, indexes[i]!, new MatchOptions { Threshold = threshold });
                        foreach (ScoredPair p in pairs)
                        {
                            edges.Add(new RecordRef(i, p.Candidate), new RecordRef(input, first + p.Query), p.Score);
                        }
                    }

                    if (input < paths.Count - 1)
                    {
                        builder ??= new CandidateIndexBuilder(batch.BitLength, kernel);
                        builder.Append(batch, first);
                    }

                    long estimate = Math.Max(first + batch.Count, fileLength / ((4 * ((batch.ByteLength + 2) / 3)) + 3));
                    progress?.Invoke(new LinkageProgress(stage, first + batch.Count, estimate));
                    // The GC sizes its first generation from the L3 cache (32 MB on some servers), so without this the
                    // short-lived lists of many batches would pile up in the peak; a gen0 collection per 8,192 filters
                    // costs well under a millisecond (almost nothing survives it).
                    GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                });
                progress?.Invoke(new LinkageProgress(stage, data.Count, data.Count));
                CheckSchema(names, j, data.SchemaFingerprint, ref fingerprint);
                sizes[j] = data.Count;
                edges.SetSize(j, data.Count);
                for (int i = 0; i < j && Math.Min(sizes[i], sizes[j]) >= MinimumForStatistics; i++)
                {
                    Warn(names, i, j, stats, warnings);
                }

                indexes[j] = builder?.Build();
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
        int candidatePairs = edges.Count;
        GroupList groups = GreedySolver.Solve(sizes, edges);
        progress?.Invoke(new LinkageProgress("Grouping", 1, 1));
        LinkageSummary summary = LinkageSummary.From(sizes, groups);
        for (int i = 0; i < sizes.Length; i++)
        {
            for (int j = i + 1; j < sizes.Length; j++)
            {
                if (summary.Overlap[i, j] == 0 && Math.Min(sizes[i], sizes[j]) >= MinimumForOverlapWarning)
                {
                    warnings.Add($"{names[i]} and {names[j]} share no person at all: check that both used the same secret and schema.");
                }
            }
        }

        return new Result(sizes, groups, summary, warnings, candidatePairs);
    }

    private static void CheckLength(string?[] names, int j, int bitLength, ref int bits)
    {
        if (j == 0)
        {
            bits = bitLength;
        }
        else if (bitLength != bits)
        {
            throw new LinkageException(
                $"{names[j]} holds {bitLength}-bit filters but {names[0]} holds {bits}-bit filters; they cannot be compared.");
        }
    }

    private static void CheckSchema(string?[] names, int j, string? schema, ref string? fingerprint)
    {
        if (j == 0)
        {
            fingerprint = schema;
        }
        else if (fingerprint is not null && schema is not null && fingerprint != schema)
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
