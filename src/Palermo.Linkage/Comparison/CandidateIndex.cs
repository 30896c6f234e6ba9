using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// Candidates prepared for one kernel: transposed blocks for the bit-sliced kernels (the filters are
/// then no longer needed and may be dropped), otherwise the filters sorted by popcount.
/// </summary>
public sealed class CandidateIndex : IDisposable
{
    private CandidateIndex(KernelKind kernel, int count, int bitLength)
    {
        Kernel = kernel;
        Count = count;
        BitLength = bitLength;
    }

    public KernelKind Kernel { get; }

    public int Count { get; }

    public int BitLength { get; }

    internal TransposedBlocks? Blocks { get; init; }

    internal PairwiseSearch.Sorted? Sorted { get; init; }

    internal static KernelKind ResolveFor(int bitLength, KernelKind kernel)
    {
        KernelKind k = KernelSupport.Resolve(kernel);
        // The bit-sliced counters hold counts up to 2047; longer filters use the per-pair kernel of the same width.
        return bitLength <= BitSlicedKernel.MaxBits ? k : k switch
        {
            KernelKind.BitSliced => KernelKind.Avx512,
            KernelKind.BitSlicedAvx2 => KernelKind.Avx2,
            _ => k,
        };
    }

    internal static CandidateIndex FromBlocks(KernelKind kernel, TransposedBlocks blocks, int bitLength) =>
        new(kernel, blocks.Count, bitLength) { Blocks = blocks };

    internal static CandidateIndex FromSorted(KernelKind kernel, FilterSet filters) => FromSorted(kernel, [filters]);

    internal static CandidateIndex FromSorted(KernelKind kernel, IReadOnlyList<FilterSet> batches)
    {
        PairwiseSearch.Sorted sorted = PairwiseSearch.Sort(batches);
        return new(kernel, sorted.Filters.Count, sorted.Filters.BitLength) { Sorted = sorted };
    }

    public static CandidateIndex Build(FilterSet candidates, KernelKind kernel = KernelKind.Auto)
    {
        KernelKind k = ResolveFor(candidates.BitLength, kernel);
        return KernelSupport.IsBitSliced(k)
            ? FromBlocks(k, new TransposedBlocks(candidates), candidates.BitLength)
            : FromSorted(k, candidates);
    }

    internal void Search(FilterSet queries, int first, int end, double threshold, bool pruning, List<ScoredPair> output)
    {
        if (Blocks is not null)
        {
            BitSlicedSearch.Run(queries, first, end, Blocks, threshold, pruning, Kernel == KernelKind.BitSlicedAvx2, output);
        }
        else
        {
            PairwiseSearch.Run(queries, first, end, Sorted!, threshold, pruning, Kernel, output);
        }
    }

    public void Dispose() => Blocks?.Dispose();
}
