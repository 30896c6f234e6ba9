using System.Numerics;
using System.Runtime.InteropServices;

namespace Palermo.Linkage.Bits;

/// <summary>
/// Many equal-length filters stored row-major in one array of 64-bit words. Each row is padded with zero bits
/// to a whole number of words, so filters whose length is not a multiple of 64 compare correctly.
/// </summary>
public sealed class FilterSet
{
    private readonly ulong[] _words;

    public FilterSet(int count, int bitLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(bitLength, 8);
        Count = count;
        BitLength = bitLength;
        WordsPerFilter = BitOrder.WordLength(bitLength);
        _words = new ulong[(long)count * WordsPerFilter];
    }

    public int Count { get; private set; }

    public int BitLength { get; }

    public int ByteLength => BitOrder.ByteLength(BitLength);

    public int WordsPerFilter { get; }

    public Span<ulong> this[int index] => _words.AsSpan(index * WordsPerFilter, WordsPerFilter);

    public ReadOnlySpan<ulong> AllWords => _words.AsSpan(0, Count * WordsPerFilter);

    /// <summary>The filter's bytes exactly as serialised (big-endian bits within each byte).</summary>
    public ReadOnlySpan<byte> Bytes(int index) => MemoryMarshal.AsBytes(this[index])[..ByteLength];

    public void SetBytes(int index, ReadOnlySpan<byte> filter)
    {
        if (filter.Length != ByteLength)
        {
            throw new ArgumentException($"Filter {index} has {filter.Length} bytes; expected {ByteLength}.", nameof(filter));
        }

        Span<ulong> row = this[index];
        row.Clear();
        filter.CopyTo(MemoryMarshal.AsBytes(row));
    }

    public int PopCount(int index)
    {
        int n = 0;
        foreach (ulong w in this[index])
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }

    /// <summary>Rows the storage can hold.</summary>
    internal int Capacity => _words.Length / WordsPerFilter;

    /// <summary>Sets how many rows are in use, up to <see cref="Capacity"/> (readers size the storage before they know the count).</summary>
    internal void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        Count = count;
    }

    public static FilterSet FromBytes(IReadOnlyList<byte[]> filters, int bitLength)
    {
        var set = new FilterSet(filters.Count, bitLength);
        for (int i = 0; i < filters.Count; i++)
        {
            set.SetBytes(i, filters[i]);
        }

        return set;
    }
}
