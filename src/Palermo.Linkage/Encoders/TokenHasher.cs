using System.Buffers.Binary;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Crypto;

namespace Palermo.Linkage.Encoders;

/// <summary>
/// Sets each token's k filter positions from keyed BLAKE2b of the token (plus salt): the 64-byte digest gives 32
/// positions (16-bit little-endian words modulo the filter length); a token needing more hashes again with a round
/// byte appended. Tokens that fit one block are hashed eight at a time with AVX-512, four at a time with AVX2,
/// with identical results.
/// </summary>
internal static unsafe class TokenHasher
{
    private const int IndicesPerDigest = Blake2b.DigestBytes / 2;
    private const int MaxLanes = 8;

    public static bool IsVectorised => Blake2bCompress8.IsSupported || Blake2bCompress4.IsSupported;

    /// <summary>The widest vectorised path this CPU supports; call only when <see cref="IsVectorised"/>.</summary>
    public static void HashVectorised(TokenBuffer tokens, Blake2b[] keys, byte[]? salt, int bits, Span<byte> filter) =>
        HashBatched(tokens, keys, salt, bits, filter, Blake2bCompress8.IsSupported ? 8 : 4);

    public static void HashEightAtATime(TokenBuffer tokens, Blake2b[] keys, byte[]? salt, int bits, Span<byte> filter) =>
        HashBatched(tokens, keys, salt, bits, filter, 8);

    public static void HashFourAtATime(TokenBuffer tokens, Blake2b[] keys, byte[]? salt, int bits, Span<byte> filter) =>
        HashBatched(tokens, keys, salt, bits, filter, 4);

    public static void HashOneAtATime(TokenBuffer tokens, int from, int to, Blake2b[] keys, byte[]? salt, int bits, Span<byte> filter)
    {
        Span<byte> message = stackalloc byte[512];
        Span<byte> digest = stackalloc byte[Blake2b.DigestBytes];
        for (int t = from; t < to; t++)
        {
            int length = Message(tokens[t], salt, message);
            for (int round = 0, set = 0; set < tokens.K(t); round++)
            {
                // Round 0 hashes the token; further rounds append a round byte for more independent positions.
                int messageLength = length;
                if (round > 0)
                {
                    message[length] = (byte)round;
                    messageLength++;
                }

                keys[tokens.Field(t)].Hash(message[..messageLength], digest);
                for (int j = 0; j < IndicesPerDigest && set < tokens.K(t); j++, set++)
                {
                    BitOrder.Set(filter, BinaryPrimitives.ReadUInt16LittleEndian(digest[(j * 2)..]) % bits);
                }
            }
        }
    }

    /// <summary>Word-major lanes: state word w of lane l is at [w × lanes + l], so one vector load takes word w of every lane.</summary>
    private static void HashBatched(TokenBuffer tokens, Blake2b[] keys, byte[]? salt, int bits, Span<byte> filter, int lanes)
    {
        ulong* h = stackalloc ulong[8 * MaxLanes];
        ulong* m = stackalloc ulong[16 * MaxLanes];
        ulong* counter = stackalloc ulong[MaxLanes];
        int* lane = stackalloc int[MaxLanes];
        Span<byte> block = stackalloc byte[512];
        int used = 0;
        for (int t = 0; t < tokens.Count; t++)
        {
            int length = Message(tokens[t], salt, block);
            if (length == 0 || length > 128 || tokens.K(t) > IndicesPerDigest)
            {
                // Rare (very long values, tiny fields with many positions): the scalar path covers every case.
                HashOneAtATime(tokens, t, t + 1, keys, salt, bits, filter);
                continue;
            }

            Blake2b key = keys[tokens.Field(t)];
            ReadOnlySpan<ulong> start = key.StartState;
            for (int w = 0; w < 8; w++)
            {
                h[(w * lanes) + used] = start[w];
            }

            block[length..128].Clear();
            for (int w = 0; w < 16; w++)
            {
                m[(w * lanes) + used] = BinaryPrimitives.ReadUInt64LittleEndian(block[(w * 8)..]);
            }

            counter[used] = key.StartCounter + (ulong)length;
            lane[used++] = t;
            if (used == lanes)
            {
                Flush(tokens, h, m, counter, lane, used, lanes, bits, filter);
                used = 0;
            }
        }

        if (used > 0)
        {
            // Unused lanes hash whatever they last held; their output is ignored.
            Flush(tokens, h, m, counter, lane, used, lanes, bits, filter);
        }
    }

    private static void Flush(TokenBuffer tokens, ulong* h, ulong* m, ulong* counter, int* lane, int used, int lanes, int bits, Span<byte> filter)
    {
        if (lanes == 8)
        {
            Blake2bCompress8.CompressLast(h, m, counter);
        }
        else
        {
            Blake2bCompress4.CompressLast(h, m, counter);
        }

        for (int l = 0; l < used; l++)
        {
            int k = tokens.K(lane[l]);
            for (int j = 0; j < k; j++)
            {
                int index = (int)((h[((j >> 2) * lanes) + l] >> ((j & 3) * 16)) & 0xFFFF);
                BitOrder.Set(filter, index % bits);
            }
        }
    }

    private static int Message(ReadOnlySpan<byte> token, byte[]? salt, Span<byte> message)
    {
        if (token.Length + (salt?.Length ?? 0) + 2 > message.Length)
        {
            throw new LinkageException("A field value is too long to encode.");
        }

        token.CopyTo(message);
        int length = token.Length;
        if (salt is not null)
        {
            // The salt follows a separator byte that no token contains.
            message[length++] = 0x1f;
            salt.CopyTo(message[length..]);
            length += salt.Length;
        }

        return length;
    }
}
