using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Palermo.Linkage.Comparison;

/// <summary>|A∧B| for one pair of filters given as 64-bit words, one implementation per kernel kind.</summary>
public static unsafe class PairKernels
{
    public static int AndPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, KernelKind kind)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Filters must have the same length.", nameof(b));
        }

        fixed (ulong* pa = a)
        fixed (ulong* pb = b)
        {
            return kind switch
            {
                KernelKind.Portable => Portable(pa, pb, a.Length),
                KernelKind.ScalarPopcnt => Scalar(pa, pb, a.Length),
                KernelKind.Avx2 or KernelKind.BitSlicedAvx2 => Avx2Lookup(pa, pb, a.Length),
                KernelKind.Avx512 or KernelKind.BitSliced => Avx512Lookup(pa, pb, a.Length),
                _ => AndPopCount(a, b, KernelSupport.Resolve(kind)),
            };
        }
    }

    internal static int Portable(ulong* a, ulong* b, int words)
    {
        int n = 0;
        for (int i = 0; i < words; i++)
        {
            n += Swar(a[i] & b[i]);
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Swar(ulong x)
    {
        x -= (x >> 1) & 0x5555555555555555UL;
        x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
        x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
        return (int)((x * 0x0101010101010101UL) >> 56);
    }

    internal static int Scalar(ulong* a, ulong* b, int words)
    {
        // Four accumulators break the dependency chain through the adds, as anonlink's kernel does.
        ulong c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = 0;
        for (; i + 4 <= words; i += 4)
        {
            c0 += Popcnt.X64.PopCount(a[i] & b[i]);
            c1 += Popcnt.X64.PopCount(a[i + 1] & b[i + 1]);
            c2 += Popcnt.X64.PopCount(a[i + 2] & b[i + 2]);
            c3 += Popcnt.X64.PopCount(a[i + 3] & b[i + 3]);
        }

        for (; i < words; i++)
        {
            c0 += Popcnt.X64.PopCount(a[i] & b[i]);
        }

        return (int)(c0 + c1 + c2 + c3);
    }

    internal static int Avx2Lookup(ulong* a, ulong* b, int words)
    {
        Vector256<byte> lut = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector256<byte> low = Vector256.Create((byte)0x0F);
        Vector256<ulong> sum = Vector256<ulong>.Zero;
        int i = 0;
        for (; i + 4 <= words; i += 4)
        {
            Vector256<byte> v = (Avx.LoadVector256(a + i) & Avx.LoadVector256(b + i)).AsByte();
            Vector256<byte> counts = Avx2.Add(
                Avx2.Shuffle(lut, v & low),
                Avx2.Shuffle(lut, Avx2.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & low));
            sum = Avx2.Add(sum, Avx2.SumAbsoluteDifferences(counts, Vector256<byte>.Zero).AsUInt64());
        }

        int n = (int)Vector256.Sum(sum);
        for (; i < words; i++)
        {
            n += Swar(a[i] & b[i]);
        }

        return n;
    }

    internal static int Avx512Lookup(ulong* a, ulong* b, int words)
    {
        Vector512<byte> lut = Vector512.Create(Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4));
        Vector512<byte> low = Vector512.Create((byte)0x0F);
        Vector512<ulong> sum = Vector512<ulong>.Zero;
        int i = 0;
        for (; i + 8 <= words; i += 8)
        {
            Vector512<byte> v = (Avx512F.LoadVector512(a + i) & Avx512F.LoadVector512(b + i)).AsByte();
            Vector512<byte> counts = Avx512BW.Add(
                Avx512BW.Shuffle(lut, v & low),
                Avx512BW.Shuffle(lut, Avx512BW.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & low));
            sum = Avx512F.Add(sum, Avx512BW.SumAbsoluteDifferences(counts, Vector512<byte>.Zero).AsUInt64());
        }

        int n = (int)Vector512.Sum(sum);
        if (i + 4 <= words && Avx2.IsSupported)
        {
            n += Avx2Lookup(a + i, b + i, 4);
            i += 4;
        }

        for (; i < words; i++)
        {
            n += Swar(a[i] & b[i]);
        }

        return n;
    }
}
