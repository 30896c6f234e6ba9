using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// Candidates prepared for one kernel: transposed blocks for <see cref="KernelKind.BitSliced"/> (the filters are
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

    internal TransposedBlocks? Blocks { get; private init; }

    internal PairwiseSearch.Sorted? Sorted { get; private init; }

    public static CandidateIndex Build(FilterSet candidates, KernelKind kernel = KernelKind.Auto)
    {
        KernelKind k = KernelSupport.Resolve(kernel);
        if (k == KernelKind.BitSliced && candidates.BitLength > BitSlicedKernel.MaxBits)
        {
            // The bit-sliced counters hold counts up to 2047; longer filters use the per-pair AVX-512 kernel.
            k = KernelKind.Avx512;
        }

        return k == KernelKind.BitSliced
            ? new CandidateIndex(k, candidates.Count, candidates.BitLength) { Blocks = new TransposedBlocks(candidates) }
            : new CandidateIndex(k, candidates.Count, candidates.BitLength) { Sorted = PairwiseSearch.Sort(candidates) };
    }

    internal void Search(FilterSet queries, int first, int end, double threshold, bool pruning, List<ScoredPair> output)
    {
        if (Blocks is not null)
        {
            BitSlicedSearch.Run(queries, first, end, Blocks, threshold, pruning, output);
        }
        else
        {
            PairwiseSearch.Run(queries, first, end, Sorted!, threshold, pruning, Kernel, output);
        }
    }

    public void Dispose() => Blocks?.Dispose();
}
