using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// One pair at a time with a chosen popcount kernel. Candidates are visited in popcount order and only inside
/// the window where Dice can still reach the threshold.
/// </summary>
internal static unsafe class PairwiseSearch
{
    /// <summary>The candidates copied in popcount order, so the scan reads memory sequentially.</summary>
    public sealed record Sorted(FilterSet Filters, int[] Order, int[] PopCounts);

    public static Sorted Sort(FilterSet candidates)
    {
        int[] order = new int[candidates.Count];
        int[] pops = new int[candidates.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            pops[i] = candidates.PopCount(i);
        }

        Array.Sort(pops, order);
        var copy = new FilterSet(candidates.Count, candidates.BitLength);
        for (int i = 0; i < order.Length; i++)
        {
            candidates[order[i]].CopyTo(copy[i]);
        }

        return new Sorted(copy, order, pops);
    }

    public static void Run(
        FilterSet queries, int first, int end, Sorted sorted, double threshold, bool pruning, KernelKind kind, List<ScoredPair> output)
    {
        int words = queries.WordsPerFilter;
        fixed (ulong* q0 = queries.AllWords)
        fixed (ulong* c0 = sorted.Filters.AllWords)
        {
            for (int q = first; q < end; q++)
            {
                ulong* a = q0 + ((long)q * words);
                int popA = queries.PopCount(q);
                (int lo, int hi) = pruning ? DiceMath.PopCountWindow(threshold, popA) : (0, int.MaxValue);
                int start = LowerBound(sorted.PopCounts, lo);
                for (int i = start; i < sorted.PopCounts.Length && sorted.PopCounts[i] <= hi; i++)
                {
                    ulong* b = c0 + ((long)i * words);
                    int common = kind switch
                    {
                        KernelKind.Portable => PairKernels.Portable(a, b, words),
                        KernelKind.ScalarPopcnt => PairKernels.Scalar(a, b, words),
                        KernelKind.Avx2 => PairKernels.Avx2Lookup(a, b, words),
                        _ => PairKernels.Avx512Lookup(a, b, words),
                    };
                    double score = DiceMath.Score(common, popA, sorted.PopCounts[i]);
                    if (score >= threshold)
                    {
                        output.Add(new ScoredPair(q, sorted.Order[i], score));
                    }
                }
            }
        }
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
