using System.Runtime.InteropServices;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;

namespace Palermo.Linkage.Blocking;

/// <summary>
/// Bit-sampling LSH for inputs too large for all-pairs: each band samples <see cref="BitsPerBand"/> fixed filter
/// positions, and only records that agree on every sampled bit of at least one band are compared exactly.
/// Similar filters agree on most positions, so they share a band with high probability; the recall actually
/// achieved is measured by <see cref="Recall"/> against the exhaustive search.
/// </summary>
public sealed class LshBlocker
{
    private readonly int[][] _bands;

    public LshBlocker(int bitLength, int bands = 24, int bitsPerBand = 14, int seed = 20260501)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitsPerBand, 64);
        BitsPerBand = bitsPerBand;
        var random = new Random(seed);
        _bands = new int[bands][];
        for (int b = 0; b < bands; b++)
        {
            _bands[b] = Enumerable.Range(0, bitsPerBand).Select(_ => random.Next(bitLength)).ToArray();
        }
    }

    public int BitsPerBand { get; }

    public int Bands => _bands.Length;

    /// <summary>Pairs with Dice ≥ threshold among the pairs that share a band.</summary>
    public List<ScoredPair> Match(FilterSet queries, FilterSet candidates, double threshold)
    {
        var buckets = new Dictionary<ulong, List<int>>[_bands.Length];
        for (int b = 0; b < _bands.Length; b++)
        {
            buckets[b] = [];
            for (int c = 0; c < candidates.Count; c++)
            {
                ref List<int>? list = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets[b], Key(candidates[c], _bands[b]), out _);
                (list ??= []).Add(c);
            }
        }

        var found = new List<ScoredPair>[queries.Count];
        Parallel.For(0, queries.Count, () => new HashSet<int>(), (q, _, seen) =>
        {
            seen.Clear();
            found[q] = [];
            int popA = queries.PopCount(q);
            for (int b = 0; b < _bands.Length; b++)
            {
                if (!buckets[b].TryGetValue(Key(queries[q], _bands[b]), out List<int>? list))
                {
                    continue;
                }

                foreach (int c in list)
                {
                    if (!seen.Add(c))
                    {
                        continue;
                    }

                    int common = PairKernels.AndPopCount(queries[q], candidates[c], KernelKind.Portable);
                    double score = DiceMath.Score(common, popA, candidates.PopCount(c));
                    if (score >= threshold)
                    {
                        found[q].Add(new ScoredPair(q, c, score));
                    }
                }
            }

            found[q].Sort((x, y) => x.Candidate.CompareTo(y.Candidate));
            return seen;
        }, _ => { });
        return found.SelectMany(f => f).ToList();
    }

    /// <summary>The share of the exhaustive pairs that the blocked search also found.</summary>
    public static double Recall(IReadOnlyCollection<ScoredPair> exhaustive, IEnumerable<ScoredPair> blocked)
    {
        if (exhaustive.Count == 0)
        {
            return 1.0;
        }

        var got = blocked.Select(p => (p.Query, p.Candidate)).ToHashSet();
        return exhaustive.Count(p => got.Contains((p.Query, p.Candidate))) / (double)exhaustive.Count;
    }

    private static ulong Key(ReadOnlySpan<ulong> filter, int[] positions)
    {
        ulong key = 0;
        foreach (int p in positions)
        {
            key = (key << 1) | ((filter[p >> 6] >> (p & 63)) & 1);
        }

        return key;
    }
}
