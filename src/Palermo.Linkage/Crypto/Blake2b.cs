using System.Buffers.Binary;

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

    /// <summary>The chaining state after the key block: where every keyed message starts.</summary>
    internal ReadOnlySpan<ulong> StartState => _start;

    /// <summary>Bytes already counted when a message starts (128 for a keyed hash, 0 otherwise).</summary>
    internal ulong StartCounter => _startCounter;

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

    private static void Compress(Span<ulong> h, ReadOnlySpan<byte> block, ulong counter, bool last) =>
        Blake2bCompress.Compress(h, block, counter, last);
}
