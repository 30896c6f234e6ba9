namespace Palermo.Linkage.Bits;

/// <summary>
/// Bit <c>i</c> of a filter lives in byte <c>i / 8</c> at mask <c>0x80 &gt;&gt; (i % 8)</c>: big-endian within each
/// byte, as clkhash serialises its filters. Comparison never depends on the order (it only counts bits), so the
/// kernels reinterpret the same bytes as 64-bit words.
/// </summary>
public static class BitOrder
{
    public static void Set(Span<byte> filter, int bit) => filter[bit >> 3] |= (byte)(0x80 >> (bit & 7));

    public static bool Get(ReadOnlySpan<byte> filter, int bit) => (filter[bit >> 3] & (0x80 >> (bit & 7))) != 0;

    public static int ByteLength(int bits) => (bits + 7) >> 3;

    public static int WordLength(int bits) => (bits + 63) >> 6;
}
