using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Palermo.Linkage.Comparison;

/// <summary>
/// <see cref="BitSlicedKernel"/> for CPUs with AVX2 but no AVX-512. The blocks are the same (512 candidates, a
/// 64-byte vector per filter bit); each block is counted as two halves of 256 candidates, because a whole
/// 512-candidate set of 11 planes plus the adder temporaries needs more than AVX2's 16 registers. Without
/// vpternlogq a full adder is five AND/XOR/OR (sum = a^b^c, carry = (a&amp;b)|((a^b)&amp;c)) instead of two.
/// The planes are written in the AVX-512 kernel's layout (plane p = 8 words), so read-back is shared.
/// </summary>
internal static unsafe class BitSlicedKernelAvx2
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> V(ulong* half, ushort* idx, int i) => Avx.LoadAlignedVector256(half + (idx[i] * 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FullAdd(ref Vector256<ulong> sum, Vector256<ulong> a, Vector256<ulong> b, out Vector256<ulong> carry)
    {
        Vector256<ulong> u = a ^ b;
        carry = (a & b) | (u & sum);
        sum ^= u;
    }

    /// <summary>
    /// Counts the query whose set bits are <paramref name="idx"/>[0..n) (n a multiple of 16, padded with the block's
    /// zero vector) against both halves of <paramref name="block"/> and stores 11 planes of 8 words in <paramref name="planes"/>.
    /// </summary>
    public static void Count(ulong* block, ushort* idx, int n, ulong* planes)
    {
        CountHalf(block, idx, n, planes);
        CountHalf(block + 4, idx, n, planes + 4);
    }

    [SkipLocalsInit]
    private static void CountHalf(ulong* half, ushort* idx, int n, ulong* planes)
    {
        Vector256<ulong> ones = default, twos = default, fours = default, eights = default;
        Vector256<ulong> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default;
        for (int i = 0; i < n; i += 16, idx += 16)
        {
            FullAdd(ref ones, V(half, idx, 0), V(half, idx, 1), out Vector256<ulong> twosA);
            FullAdd(ref ones, V(half, idx, 2), V(half, idx, 3), out Vector256<ulong> twosB);
            FullAdd(ref twos, twosA, twosB, out Vector256<ulong> foursA);
            FullAdd(ref ones, V(half, idx, 4), V(half, idx, 5), out twosA);
            FullAdd(ref ones, V(half, idx, 6), V(half, idx, 7), out twosB);
            FullAdd(ref twos, twosA, twosB, out Vector256<ulong> foursB);
            FullAdd(ref fours, foursA, foursB, out Vector256<ulong> eightsA);

            FullAdd(ref ones, V(half, idx, 8), V(half, idx, 9), out twosA);
            FullAdd(ref ones, V(half, idx, 10), V(half, idx, 11), out twosB);
            FullAdd(ref twos, twosA, twosB, out foursA);
            FullAdd(ref ones, V(half, idx, 12), V(half, idx, 13), out twosA);
            FullAdd(ref ones, V(half, idx, 14), V(half, idx, 15), out twosB);
            FullAdd(ref twos, twosA, twosB, out foursB);
            FullAdd(ref fours, foursA, foursB, out Vector256<ulong> eightsB);

            FullAdd(ref eights, eightsA, eightsB, out Vector256<ulong> carry);

            // Ripple the weight-16 carry into the upper planes (half adders).
            Vector256<ulong> t = s0 & carry; s0 ^= carry; carry = t;
            t = s1 & carry; s1 ^= carry; carry = t;
            t = s2 & carry; s2 ^= carry; carry = t;
            t = s3 & carry; s3 ^= carry; carry = t;
            t = s4 & carry; s4 ^= carry; carry = t;
            t = s5 & carry; s5 ^= carry; carry = t;
            s6 ^= carry;
        }

        Avx.Store(planes, ones); Avx.Store(planes + 8, twos); Avx.Store(planes + 16, fours); Avx.Store(planes + 24, eights);
        Avx.Store(planes + 32, s0); Avx.Store(planes + 40, s1); Avx.Store(planes + 48, s2); Avx.Store(planes + 56, s3);
        Avx.Store(planes + 64, s4); Avx.Store(planes + 72, s5); Avx.Store(planes + 80, s6);
    }

    /// <summary>
    /// Writes the 8-word mask of the candidates whose count is at least <paramref name="minimum"/> and tells
    /// whether any is set; compared bit-sliced from the top plane down.
    /// </summary>
    public static bool AtLeast(ulong* planes, int minimum, ulong* survivors)
    {
        if (minimum <= 0)
        {
            new Span<ulong>(survivors, 8).Fill(ulong.MaxValue);
            return true;
        }

        if (minimum >= 1 << BitSlicedKernel.Planes)
        {
            new Span<ulong>(survivors, 8).Clear();
            return false;
        }

        Vector256<ulong> any = Vector256<ulong>.Zero;
        for (int h = 0; h < 8; h += 4)
        {
            Vector256<ulong> greater = Vector256<ulong>.Zero, equal = Vector256<ulong>.AllBitsSet;
            for (int p = BitSlicedKernel.Planes - 1; p >= 0; p--)
            {
                Vector256<ulong> plane = Avx.LoadVector256(planes + (p * 8) + h);
                if (((minimum >> p) & 1) != 0)
                {
                    equal &= plane;
                }
                else
                {
                    greater |= equal & plane;
                    equal = Vector256.AndNot(equal, plane);
                }
            }

            Vector256<ulong> mask = greater | equal;
            Avx.Store(survivors + h, mask);
            any |= mask;
        }

        return any != Vector256<ulong>.Zero;
    }
}
