using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// Drives <see cref="BitSlicedKernel"/> (or <see cref="BitSlicedKernelAvx2"/>): a chunk of queries is turned into padded bit lists once, then every
/// candidate block is counted against every query of the chunk while the block is L2-resident. Blocks whose
/// popcount range cannot reach the threshold are skipped; inside a block only the candidates whose count clears
/// the block-wide minimum are read back and checked exactly.
/// </summary>
internal static unsafe class BitSlicedSearch
{
    public static void Run(FilterSet queries, int first, int end, TransposedBlocks blocks, double threshold, bool pruning, bool avx2, List<ScoredPair> output)
    {
        int chunk = end - first;
        // Each query's list takes its popcount rounded up to 16, not the worst case of the filter length: a chunk's
        // lists are ~150 KB instead of ~540 KB, which is what the thread pool's pooled arrays then retain.
        int[] offsets = new int[chunk + 1];
        int[] lengths = new int[chunk];
        int[] pops = new int[chunk];
        for (int q = 0; q < chunk; q++)
        {
            pops[q] = queries.PopCount(first + q);
            lengths[q] = (pops[q] + 15) & ~15;
            offsets[q + 1] = offsets[q] + lengths[q];
        }

        ushort[] lists = ArrayPool<ushort>.Shared.Rent(Math.Max(1, offsets[chunk]));
        for (int q = 0; q < chunk; q++)
        {
            BitList(queries[first + q], lists.AsSpan(offsets[q], lengths[q]), blocks.ZeroVector);
        }

        // Both kernels write plane p as 8 words (bit s of the 512-bit row = candidate s of the block).
        Vector512<ulong>* planes = stackalloc Vector512<ulong>[BitSlicedKernel.Planes];
        ulong* survivors = stackalloc ulong[8];
        try
        {
            Search(blocks, threshold, pruning, avx2, output, first, offsets, chunk, lists, lengths, pops, planes, survivors);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(lists);
        }
    }

    private static void Search(
        TransposedBlocks blocks, double threshold, bool pruning, bool avx2, List<ScoredPair> output, int first, int[] offsets, int chunk,
        ushort[] lists, int[] lengths, int[] pops, Vector512<ulong>* planes, ulong* survivors)
    {
        fixed (ushort* listBase = lists)
        {
            for (int b = 0; b < blocks.BlockCount; b++)
            {
                ulong* block = blocks.Block(b);
                int minPop = blocks.BlockMinPop(b), maxPop = blocks.BlockMaxPop(b);
                for (int q = 0; q < chunk; q++)
                {
                    int popA = pops[q];
                    if (pruning && DiceMath.UpperBound(popA, minPop, maxPop) < threshold)
                    {
                        continue;
                    }

                    int minimum = DiceMath.MinimumCommon(threshold, popA, minPop);
                    bool any;
                    if (avx2)
                    {
                        BitSlicedKernelAvx2.Count(block, listBase + offsets[q], lengths[q], (ulong*)planes);
                        any = BitSlicedKernelAvx2.AtLeast((ulong*)planes, minimum, survivors);
                    }
                    else
                    {
                        BitSlicedKernel.Count(block, listBase + offsets[q], lengths[q], planes);
                        Vector512<ulong> mask = BitSlicedKernel.AtLeast(planes, minimum);
                        mask.Store(survivors);
                        any = mask != Vector512<ulong>.Zero;
                    }

                    if (any)
                    {
                        Collect(planes, survivors, b, first + q, popA, blocks, threshold, output);
                    }
                }
            }
        }
    }

    private static void Collect(
        Vector512<ulong>* planes, ulong* survivors, int block, int query, int popA,
        TransposedBlocks blocks, double threshold, List<ScoredPair> output)
    {
        for (int w = 0; w < 8; w++)
        {
            ulong bits = survivors[w];
            while (bits != 0)
            {
                int within = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                int slot = (block * TransposedBlocks.BlockSize) + within;
                int candidate = blocks.OriginalIndex(slot);
                if (candidate < 0)
                {
                    continue;
                }

                double score = DiceMath.Score(BitSlicedKernel.CountOf(planes, within), popA, blocks.PopCountAt(slot));
                if (score >= threshold)
                {
                    output.Add(new ScoredPair(query, candidate, score));
                }
            }
        }
    }

    /// <summary>Writes the indices of the set bits, padded to the list's length (a multiple of 16) with the zero vector.</summary>
    private static void BitList(ReadOnlySpan<ulong> filter, Span<ushort> list, int zero)
    {
        int n = 0;
        for (int w = 0; w < filter.Length; w++)
        {
            ulong bits = filter[w];
            while (bits != 0)
            {
                list[n++] = (ushort)((w << 6) + BitOperations.TrailingZeroCount(bits));
                bits &= bits - 1;
            }
        }

        list[n..].Fill((ushort)zero);
    }
}
