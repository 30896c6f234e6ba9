using System.Numerics;
using System.Runtime.InteropServices;
using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// Candidates transposed in blocks of 512: in each block, vector j (64 bytes) holds bit j of all 512 candidates.
/// A 1024-bit block is 64 KB and stays in L2 while many queries are counted against it. Candidates are sorted
/// by popcount first so a block covers a narrow popcount range and whole blocks can be skipped by the bound.
/// One extra all-zero vector per block pads a query's bit list to a multiple of 16.
/// </summary>
public sealed unsafe class TransposedBlocks : IDisposable
{
    public const int BlockSize = 512;
    private const int WordsPerVector = BlockSize / 64;

    private readonly ulong* _planes;
    private readonly ushort[] _popCounts;
    private readonly int[] _original;

    public TransposedBlocks(FilterSet filters, bool sortByPopCount = true)
    {
        BitLength = filters.WordsPerFilter * 64;
        Count = filters.Count;
        BlockCount = (Count + BlockSize - 1) / BlockSize;
        VectorsPerBlock = BitLength + 1;
        int slots = BlockCount * BlockSize;
        _popCounts = new ushort[slots];
        _original = new int[slots];
        BlockMinPop = new int[BlockCount];
        BlockMaxPop = new int[BlockCount];

        int[] order = new int[Count];
        int[] pops = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            order[i] = i;
            pops[i] = filters.PopCount(i);
        }

        if (sortByPopCount)
        {
            int[] keys = (int[])pops.Clone();
            Array.Sort(keys, order);
        }

        nuint bytes = (nuint)BlockCount * (nuint)VectorsPerBlock * 64;
        _planes = (ulong*)NativeMemory.AlignedAlloc(Math.Max(bytes, 64), 64);
        NativeMemory.Clear(_planes, Math.Max(bytes, 64));
        GC.AddMemoryPressure((long)bytes);
        _bytes = (long)bytes;

        Array.Fill(_original, -1);
        for (int slot = 0; slot < Count; slot++)
        {
            int source = order[slot];
            _original[slot] = source;
            _popCounts[slot] = (ushort)pops[source];
            Scatter(filters[source], slot);
        }

        for (int b = 0; b < BlockCount; b++)
        {
            int first = b * BlockSize, last = Math.Min(Count, first + BlockSize) - 1;
            int min = int.MaxValue, max = 0;
            for (int s = first; s <= last; s++)
            {
                min = Math.Min(min, _popCounts[s]);
                max = Math.Max(max, _popCounts[s]);
            }

            BlockMinPop[b] = min;
            BlockMaxPop[b] = max;
        }
    }

    private readonly long _bytes;

    public int Count { get; }

    /// <summary>Bits per filter rounded up to whole 64-bit words.</summary>
    public int BitLength { get; }

    public int BlockCount { get; }

    public int VectorsPerBlock { get; }

    public int[] BlockMinPop { get; }

    public int[] BlockMaxPop { get; }

    public long SizeInBytes => _bytes + (_popCounts.Length * 6L);

    internal ulong* Block(int block) => _planes + ((long)block * VectorsPerBlock * WordsPerVector);

    /// <summary>The index of the zero vector in every block, used to pad bit lists.</summary>
    internal int ZeroVector => BitLength;

    public int PopCountAt(int slot) => _popCounts[slot];

    /// <summary>The index in the original filter set of the candidate in <paramref name="slot"/>; -1 for padding.</summary>
    public int OriginalIndex(int slot) => _original[slot];

    private void Scatter(ReadOnlySpan<ulong> filter, int slot)
    {
        ulong* block = Block(slot / BlockSize);
        int within = slot % BlockSize;
        ulong mask = 1UL << (within & 63);
        int word = within >> 6;
        for (int w = 0; w < filter.Length; w++)
        {
            ulong bits = filter[w];
            while (bits != 0)
            {
                int j = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                block[(j * WordsPerVector) + word] |= mask;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NativeMemory.AlignedFree(_planes);
        GC.RemoveMemoryPressure(_bytes);
        GC.SuppressFinalize(this);
    }

    private bool _disposed;

    ~TransposedBlocks()
    {
        Dispose();
    }
}
