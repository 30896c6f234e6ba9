using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// Drives <see cref="BitSlicedKernel"/>: a chunk of queries is turned into padded bit lists once, then every
/// candidate block is counted against every query of the chunk while the block is L2-resident. Blocks whose
/// popcount range cannot reach the threshold are skipped; inside a block only the candidates whose count clears
/// the block-wide minimum are read back and checked exactly.
/// </summary>
internal static unsafe class BitSlicedSearch
{
    public static void Run(FilterSet queries, int first, int end, TransposedBlocks blocks, double threshold, bool pruning, List<ScoredPair> output)
    {
        int stride = ((queries.BitLength + 15) & ~15) + 16;
        int chunk = end - first;
        // Pooled: a fresh large array per chunk would land on the large-object heap and inflate peak memory.
        ushort[] lists = ArrayPool<ushort>.Shared.Rent(chunk * stride);
        int[] lengths = new int[chunk];
        int[] pops = new int[chunk];
        for (int q = 0; q < chunk; q++)
        {
            pops[q] = BitList(queries[first + q], lists.AsSpan(q * stride, stride), blocks.ZeroVector, out lengths[q]);
        }

        Vector512<ulong>* planes = stackalloc Vector512<ulong>[BitSlicedKernel.Planes];
        try
        {
            Search(blocks, threshold, pruning, output, first, stride, chunk, lists, lengths, pops, planes);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(lists);
        }
    }

    private static void Search(
        TransposedBlocks blocks, double threshold, bool pruning, List<ScoredPair> output, int first, int stride, int chunk,
        ushort[] lists, int[] lengths, int[] pops, Vector512<ulong>* planes)
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

                    BitSlicedKernel.Count(block, listBase + (q * stride), lengths[q], planes);
                    Vector512<ulong> survivors = BitSlicedKernel.AtLeast(planes, DiceMath.MinimumCommon(threshold, popA, minPop));
                    if (survivors != Vector512<ulong>.Zero)
                    {
                        Collect(planes, survivors, b, first + q, popA, blocks, threshold, output);
                    }
                }
            }
        }
    }

    private static void Collect(
        Vector512<ulong>* planes, Vector512<ulong> survivors, int block, int query, int popA,
        TransposedBlocks blocks, double threshold, List<ScoredPair> output)
    {
        for (int w = 0; w < 8; w++)
        {
            ulong bits = survivors.GetElement(w);
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

    /// <summary>Writes the indices of the set bits, padded to a multiple of 16 with the zero vector; returns the popcount.</summary>
    private static int BitList(ReadOnlySpan<ulong> filter, Span<ushort> list, int zero, out int paddedLength)
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

        paddedLength = (n + 15) & ~15;
        list[n..paddedLength].Fill((ushort)zero);
        return n;
    }
}
