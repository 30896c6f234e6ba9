using System.Numerics;
using System.Runtime.InteropServices;
using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// Candidates transposed in blocks of 512: in each block, vector j (64 bytes) holds bit j of all 512 candidates.
/// A 1024-bit block is 64 KB and stays in L2 while many queries are counted against it. Each batch of candidates
/// is sorted by popcount first so a block covers a narrow popcount range and whole blocks can be skipped by the
/// bound. One extra all-zero vector per block pads a query's bit list to a multiple of 16.
/// Batches can be appended while a file is being read, so the row form never has to exist in full.
/// </summary>
public sealed unsafe class TransposedBlocks : IDisposable
{
    public const int BlockSize = 512;
    private const int WordsPerVector = BlockSize / 64;

    private readonly List<nint> _blocks = [];
    private readonly List<(nint Address, long Bytes)> _regions = [];
    private readonly List<ushort> _popCounts = [];
    private readonly List<int> _original = [];
    private readonly List<int> _minPop = [];
    private readonly List<int> _maxPop = [];
    private bool _disposed;

    /// <summary>An empty set for filters of <paramref name="bitLength"/> bits; fill it with <see cref="Append"/>.</summary>
    public TransposedBlocks(int bitLength)
    {
        BitLength = BitOrder.WordLength(bitLength) * 64;
        VectorsPerBlock = BitLength + 1;
    }

    public TransposedBlocks(FilterSet filters)
        : this(filters.BitLength)
    {
        Append(filters, 0);
    }

    ~TransposedBlocks()
    {
        Dispose();
    }

    /// <summary>Real candidates (padding excluded).</summary>
    public int Count { get; private set; }

    /// <summary>Bits per filter rounded up to whole 64-bit words.</summary>
    public int BitLength { get; }

    public int BlockCount => _blocks.Count;

    public int VectorsPerBlock { get; }

    public long SizeInBytes => ((long)_blocks.Count * VectorsPerBlock * 64) + (_popCounts.Count * 6L);

    internal int ZeroVector => BitLength;

    public int BlockMinPop(int block) => _minPop[block];

    public int BlockMaxPop(int block) => _maxPop[block];

    public int PopCountAt(int slot) => _popCounts[slot];

    /// <summary>The index in the original filter set of the candidate in <paramref name="slot"/>; -1 for padding.</summary>
    public int OriginalIndex(int slot) => _original[slot];

    internal ulong* Block(int block) => (ulong*)_blocks[block];

    /// <summary>Adds <paramref name="filters"/> (original indices from <paramref name="firstOriginal"/>) in new blocks.</summary>
    public void Append(FilterSet filters, int firstOriginal)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int[] order = new int[filters.Count];
        int[] pops = new int[filters.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            pops[i] = filters.PopCount(i);
        }

        Array.Sort((int[])pops.Clone(), order);
        nuint blockBytes = (nuint)VectorsPerBlock * 64;
        int blockCount = (order.Length + BlockSize - 1) / BlockSize;
        if (blockCount == 0)
        {
            return;
        }

        // One allocation per batch rather than per 64 KB block: the C allocator serves large requests with their
        // own mapping and returns them to the system when freed, so a run's memory drops once the index is
        // disposed (small blocks would stay in the allocator's heap, and the solver's tables would add on top).
        nuint regionBytes = blockBytes * (nuint)blockCount;
        byte* region = (byte*)NativeMemory.AlignedAlloc(regionBytes, 64);
        NativeMemory.Clear(region, regionBytes);
        _regions.Add(((nint)region, (long)regionBytes));
        GC.AddMemoryPressure((long)regionBytes);
        for (int start = 0; start < order.Length; start += BlockSize)
        {
            ulong* block = (ulong*)(region + ((nuint)(start / BlockSize) * blockBytes));
            _blocks.Add((nint)block);
            int min = int.MaxValue, max = 0;
            for (int s = 0; s < BlockSize; s++)
            {
                if (start + s >= order.Length)
                {
                    _popCounts.Add(0);
                    _original.Add(-1);
                    continue;
                }

                int source = order[start + s];
                Scatter(filters[source], block, s);
                _popCounts.Add((ushort)pops[source]);
                _original.Add(firstOriginal + source);
                min = Math.Min(min, pops[source]);
                max = Math.Max(max, pops[source]);
            }

            _minPop.Add(min);
            _maxPop.Add(max);
        }

        Count += filters.Count;
    }

    private static void Scatter(ReadOnlySpan<ulong> filter, ulong* block, int within)
    {
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
        foreach ((nint address, long bytes) in _regions)
        {
            NativeMemory.AlignedFree((void*)address);
            GC.RemoveMemoryPressure(bytes);
        }

        _regions.Clear();
        _blocks.Clear();
        GC.SuppressFinalize(this);
    }
}
