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

    public static Sorted Sort(FilterSet candidates) => Sort([candidates]);

    /// <summary>
    /// Sorts the filters of several batches (in order, as one set) straight into one copy, so a streamed input costs
    /// its batches plus the sorted copy while this runs, not also a concatenated copy in between.
    /// </summary>
    public static Sorted Sort(IReadOnlyList<FilterSet> parts)
    {
        int count = parts.Sum(p => p.Count);
        int[] order = new int[count];
        int[] pops = new int[count];
        int n = 0;
        foreach (FilterSet part in parts)
        {
            for (int i = 0; i < part.Count; i++, n++)
            {
                order[n] = n;
                pops[n] = part.PopCount(i);
            }
        }

        Array.Sort(pops, order);
        int[] starts = new int[parts.Count + 1];
        for (int p = 0; p < parts.Count; p++)
        {
            starts[p + 1] = starts[p] + parts[p].Count;
        }

        var copy = new FilterSet(count, parts[0].BitLength);
        for (int i = 0; i < order.Length; i++)
        {
            int p = PartOf(starts, parts.Count, order[i]);
            parts[p][order[i] - starts[p]].CopyTo(copy[i]);
        }

        return new Sorted(copy, order, pops);
    }

    /// <summary>The last batch starting at or before <paramref name="index"/> (empty batches share their start with the next).</summary>
    private static int PartOf(int[] starts, int parts, int index)
    {
        int lo = 0, hi = parts - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= index)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
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
