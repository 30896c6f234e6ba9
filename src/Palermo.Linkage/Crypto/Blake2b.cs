using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Palermo.Linkage.Crypto;

/// <summary>
/// Keyed BLAKE2b-512 (RFC 7693). The key block is compressed once at construction, so hashing a short
/// token costs a single compression: this is what makes encoding fast enough without native code.
/// Instances are immutable and thread-safe.
/// </summary>
public sealed class Blake2b
{
    private const int BlockBytes = 128;
    public const int DigestBytes = 64;

    private static readonly ulong[] Iv =
    [
        0x6a09e667f3bcc908UL, 0xbb67ae8584caa73bUL, 0x3c6ef372fe94f82bUL, 0xa54ff53a5f1d36f1UL,
        0x510e527fade682d1UL, 0x9b05688c2b3e6c1fUL, 0x1f83d9abfb41bd6bUL, 0x5be0cd19137e2179UL,
    ];

    private static readonly byte[] Sigma =
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 10, 2, 6,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
    ];

    private readonly ulong[] _start = new ulong[8];
    private readonly ulong _startCounter;
    private readonly ulong[] _initial = new ulong[8];
    private readonly byte[] _keyBlock = new byte[BlockBytes];

    /// <param name="key">0 to 64 bytes; empty means unkeyed BLAKE2b-512.</param>
    public Blake2b(ReadOnlySpan<byte> key)
    {
        if (key.Length > 64)
        {
            throw new ArgumentException("A BLAKE2b key is at most 64 bytes.", nameof(key));
        }

        Iv.CopyTo(_start, 0);
        _start[0] ^= 0x01010000UL ^ ((ulong)key.Length << 8) ^ DigestBytes;
        _start.CopyTo(_initial, 0);
        if (key.Length > 0)
        {
            key.CopyTo(_keyBlock);
            Compress(_start, _keyBlock, BlockBytes, last: false);
            _startCounter = BlockBytes;
        }
    }

    /// <summary>Hashes <paramref name="message"/> into a 64-byte digest.</summary>
    public void Hash(ReadOnlySpan<byte> message, Span<byte> digest)
    {
        Span<ulong> h = stackalloc ulong[8];
        _start.CopyTo(h);
        ulong counter = _startCounter;
        Span<byte> block = stackalloc byte[BlockBytes];

        // BLAKE2 marks the final block, so a message that fills whole blocks keeps its last block back.
        while (message.Length > BlockBytes)
        {
            counter += BlockBytes;
            Compress(h, message[..BlockBytes], counter, last: false);
            message = message[BlockBytes..];
        }

        if (message.Length > 0 || _startCounter == 0)
        {
            block.Clear();
            message.CopyTo(block);
            counter += (ulong)message.Length;
            Compress(h, block, counter, last: true);
        }
        else
        {
            // Keyed hash of the empty message: the key block itself is the final block.
            _initial.CopyTo(h);
            Compress(h, _keyBlock, BlockBytes, last: true);
        }

        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(digest[(i * 8)..], h[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref ulong a, ref ulong b, ref ulong c, ref ulong d, ulong x, ulong y)
    {
        a = a + b + x;
        d = BitOperations.RotateRight(d ^ a, 32);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 24);
        a = a + b + y;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 63);
    }

    private static void Compress(Span<ulong> h, ReadOnlySpan<byte> block, ulong counter, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        for (int i = 0; i < 16; i++)
        {
            m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }

        ulong v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        ulong v8 = Iv[0], v9 = Iv[1], v10 = Iv[2], v11 = Iv[3];
        ulong v12 = Iv[4] ^ counter, v13 = Iv[5], v14 = last ? ~Iv[6] : Iv[6], v15 = Iv[7];

        for (int r = 0; r < 12; r++)
        {
            ReadOnlySpan<byte> s = Sigma.AsSpan(r * 16, 16);
            G(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
            G(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
            G(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
            G(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
            G(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
            G(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
            G(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
            G(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
        }

        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }
}
