using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// Counts |A∧B| for one query against the 512 candidates of a transposed block at once. For each set bit j of
/// the query, vector j of the block (bit j of every candidate) is added into per-candidate counters kept
/// bit-sliced (plane p holds bit p of all 512 counts). Additions use a Harley–Seal carry-save tree: a full
/// adder is two vpternlogd (XOR3 = 0x96, majority = 0xE8), so 16 inputs cost 15 full adders plus one ripple
/// into the upper planes. There is no vector popcount in .NET 10, and this needs none.
/// </summary>
internal static unsafe class BitSlicedKernel
{
    /// <summary>Planes kept: counts up to 2047, so filters up to 1984 bits (31 words).</summary>
    public const int Planes = 11;
    public const int MaxBits = 1984;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Xor3(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c) =>
        Avx512F.TernaryLogic(a, b, c, 0x96);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Maj(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c) =>
        Avx512F.TernaryLogic(a, b, c, 0xE8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> V(ulong* block, ushort* idx, int i) => Avx512F.LoadAlignedVector512(block + (idx[i] * 8));

    /// <summary>
    /// Counts the query whose set bits are <paramref name="idx"/>[0..n) (n a multiple of 16, padded with the
    /// block's zero vector) and stores the 11 count planes, lowest first, in <paramref name="result"/>.
    /// </summary>
    [SkipLocalsInit]
    public static void Count(ulong* block, ushort* idx, int n, Vector512<ulong>* result)
    {
        Vector512<ulong> ones = default, twos = default, fours = default, eights = default;
        Vector512<ulong> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default;
        for (int i = 0; i < n; i += 16, idx += 16)
        {
            Vector512<ulong> a = V(block, idx, 0), b = V(block, idx, 1);
            Vector512<ulong> twosA = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            a = V(block, idx, 2); b = V(block, idx, 3);
            Vector512<ulong> twosB = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            Vector512<ulong> foursA = Maj(twos, twosA, twosB);
            twos = Xor3(twos, twosA, twosB);
            a = V(block, idx, 4); b = V(block, idx, 5);
            twosA = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            a = V(block, idx, 6); b = V(block, idx, 7);
            twosB = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            Vector512<ulong> foursB = Maj(twos, twosA, twosB);
            twos = Xor3(twos, twosA, twosB);
            Vector512<ulong> eightsA = Maj(fours, foursA, foursB);
            fours = Xor3(fours, foursA, foursB);

            a = V(block, idx, 8); b = V(block, idx, 9);
            twosA = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            a = V(block, idx, 10); b = V(block, idx, 11);
            twosB = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            foursA = Maj(twos, twosA, twosB);
            twos = Xor3(twos, twosA, twosB);
            a = V(block, idx, 12); b = V(block, idx, 13);
            twosA = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            a = V(block, idx, 14); b = V(block, idx, 15);
            twosB = Maj(ones, a, b);
            ones = Xor3(ones, a, b);
            foursB = Maj(twos, twosA, twosB);
            twos = Xor3(twos, twosA, twosB);
            Vector512<ulong> eightsB = Maj(fours, foursA, foursB);
            fours = Xor3(fours, foursA, foursB);

            Vector512<ulong> carry = Maj(eights, eightsA, eightsB);
            eights = Xor3(eights, eightsA, eightsB);

            // Ripple the weight-16 carry into the upper planes (half adders).
            Vector512<ulong> t = s0 & carry; s0 ^= carry; carry = t;
            t = s1 & carry; s1 ^= carry; carry = t;
            t = s2 & carry; s2 ^= carry; carry = t;
            t = s3 & carry; s3 ^= carry; carry = t;
            t = s4 & carry; s4 ^= carry; carry = t;
            t = s5 & carry; s5 ^= carry; carry = t;
            s6 ^= carry;
        }

        result[0] = ones; result[1] = twos; result[2] = fours; result[3] = eights;
        result[4] = s0; result[5] = s1; result[6] = s2; result[7] = s3; result[8] = s4; result[9] = s5; result[10] = s6;
    }

    /// <summary>Mask of the candidates whose count is at least <paramref name="minimum"/>, compared bit-sliced from the top plane down.</summary>
    public static Vector512<ulong> AtLeast(Vector512<ulong>* planes, int minimum)
    {
        if (minimum <= 0)
        {
            return Vector512<ulong>.AllBitsSet;
        }

        if (minimum >= 1 << Planes)
        {
            return Vector512<ulong>.Zero;
        }

        Vector512<ulong> greater = Vector512<ulong>.Zero, equal = Vector512<ulong>.AllBitsSet;
        for (int p = Planes - 1; p >= 0; p--)
        {
            Vector512<ulong> plane = planes[p];
            if (((minimum >> p) & 1) != 0)
            {
                equal &= plane;
            }
            else
            {
                greater = Avx512F.TernaryLogic(greater, equal, plane, 0xF8);
                equal = Vector512.AndNot(equal, plane);
            }
        }

        return greater | equal;
    }

    /// <summary>The count of candidate <paramref name="slot"/> (0..511) read back from the planes.</summary>
    public static int CountOf(Vector512<ulong>* planes, int slot)
    {
        ulong* words = (ulong*)planes;
        int word = slot >> 6, bit = slot & 63, count = 0;
        for (int p = 0; p < Planes; p++)
        {
            count |= (int)((words[(p * 8) + word] >> bit) & 1) << p;
        }

        return count;
    }
}
