using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>Finds all pairs (query, candidate) with Dice ≥ threshold, or the best k per query, on all cores.</summary>
public static class Matcher
{
    /// <summary>Queries per work item: enough to reuse each L2-resident candidate block many times.</summary>
    private const int ChunkSize = 256;

    public static List<ScoredPair> Match(FilterSet queries, FilterSet candidates, MatchOptions? options = null)
    {
        options ??= new MatchOptions();
        using CandidateIndex index = CandidateIndex.Build(candidates, options.Kernel);
        return Match(queries, index, options);
    }

    public static List<ScoredPair> Match(FilterSet queries, CandidateIndex index, MatchOptions options)
    {
        if (queries.BitLength != index.BitLength)
        {
            throw new LinkageException($"Filters of {queries.BitLength} and {index.BitLength} bits cannot be compared.");
        }

        if (options.Threshold is <= 0 or > 1 || double.IsNaN(options.Threshold))
        {
            throw new LinkageException("The threshold must be greater than 0 and at most 1.");
        }

        int chunks = (queries.Count + ChunkSize - 1) / ChunkSize;
        var results = new List<ScoredPair>[chunks];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, chunks, parallel, c =>
        {
            int first = c * ChunkSize, end = Math.Min(queries.Count, first + ChunkSize);
            var found = new List<ScoredPair>();
            index.Search(queries, first, end, options.Threshold, options.PopCountPruning, found);
            results[c] = found;
            options.Progress?.Invoke(Interlocked.Add(ref done, end - first));
        });

        var all = new List<ScoredPair>(results.Sum(r => r.Count));
        for (int c = 0; c < results.Length; c++)
        {
            results[c].Sort(static (x, y) => x.Query != y.Query ? x.Query.CompareTo(y.Query) : x.Candidate.CompareTo(y.Candidate));
            all.AddRange(results[c]);
            results[c] = null!; // each chunk's list becomes garbage as soon as it is copied
        }

        return options.TopK is { } k ? TopK(all, k) : all;
    }

    private static List<ScoredPair> TopK(List<ScoredPair> sortedByQuery, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var kept = new List<ScoredPair>();
        for (int i = 0; i < sortedByQuery.Count;)
        {
            int j = i;
            while (j < sortedByQuery.Count && sortedByQuery[j].Query == sortedByQuery[i].Query)
            {
                j++;
            }

            kept.AddRange(sortedByQuery.GetRange(i, j - i)
                .OrderByDescending(p => p.Score).ThenBy(p => p.Candidate).Take(k));
            i = j;
        }

        return kept;
    }
}
