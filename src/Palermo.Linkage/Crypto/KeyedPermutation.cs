using System.Buffers.Binary;

namespace Palermo.Linkage.Crypto;

/// <summary>A secret, fixed permutation of filter positions (Fisher–Yates driven by keyed BLAKE2b in counter mode).</summary>
internal static class KeyedPermutation
{
    public static int[] Create(byte[] key, int length)
    {
        var hash = new Blake2b(key);
        int[] p = new int[length];
        for (int i = 0; i < length; i++)
        {
            p[i] = i;
        }

        Span<byte> counter = stackalloc byte[8];
        Span<byte> digest = stackalloc byte[Blake2b.DigestBytes];
        int used = Blake2b.DigestBytes;
        ulong block = 0;
        for (int i = length - 1; i > 0; i--)
        {
            if (used + 8 > Blake2b.DigestBytes)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(counter, block++);
                hash.Hash(counter, digest);
                used = 0;
            }

            // A 64-bit draw modulo at most 65536 positions: the bias is below 2^-48.
            ulong r = BinaryPrimitives.ReadUInt64LittleEndian(digest[used..]);
            used += 8;
            int j = (int)(r % (ulong)(i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
