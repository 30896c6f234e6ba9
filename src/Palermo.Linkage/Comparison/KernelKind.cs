using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Palermo.Linkage.Comparison;

/// <summary>Which comparison kernel to use. <see cref="Auto"/> picks the fastest the CPU supports.</summary>
public enum KernelKind
{
    Auto,

    /// <summary>Plain C# with a SWAR popcount: works on every CPU; the reference the others are tested against.</summary>
    Portable,

    /// <summary>One pair at a time with the POPCNT instruction (what anonlink's C++ kernel does).</summary>
    ScalarPopcnt,

    /// <summary>One pair at a time, 256-bit nibble-lookup popcount.</summary>
    Avx2,

    /// <summary>One pair at a time, 512-bit nibble-lookup popcount (AVX-512BW).</summary>
    Avx512,

    /// <summary>
    /// Candidates transposed in blocks of 512 and counted with bit-sliced carry-save adders (AVX-512F
    /// vpternlogd): the fastest on AVX-512 hardware.
    /// </summary>
    BitSliced,

    /// <summary>
    /// The bit-sliced kernel on 256-bit AVX2 (a full adder is five AND/XOR/OR instead of two vpternlogq): the
    /// fastest on CPUs without AVX-512. Same transposed blocks, each 512-candidate vector counted as two halves.
    /// </summary>
    BitSlicedAvx2,
}

public static class KernelSupport
{
    public static bool IsSupported(KernelKind kind) => kind switch
    {
        KernelKind.Auto or KernelKind.Portable => true,
        KernelKind.ScalarPopcnt => Popcnt.X64.IsSupported,
        KernelKind.Avx2 => Avx2.IsSupported && Vector256.IsHardwareAccelerated,
        KernelKind.Avx512 => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
        KernelKind.BitSliced => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        KernelKind.BitSlicedAvx2 => Avx2.IsSupported && Vector256.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>True for the kernels that search transposed blocks (<see cref="TransposedBlocks"/>).</summary>
    public static bool IsBitSliced(KernelKind kind) => kind is KernelKind.BitSliced or KernelKind.BitSlicedAvx2;

    /// <summary>
    /// The fastest supported kernel, in the order measured on 2-core AVX-512 hardware; without AVX-512 the AVX2
    /// bit-sliced kernel (measured 2026-12-01 on an AVX2-only EPYC, see docs/linkage.md).
    /// </summary>
    public static KernelKind Resolve(KernelKind kind)
    {
        if (kind != KernelKind.Auto)
        {
            return IsSupported(kind)
                ? kind
                : throw new PlatformNotSupportedException($"The {kind} comparison kernel is not supported on this CPU.");
        }

        foreach (KernelKind k in (KernelKind[])[KernelKind.BitSliced, KernelKind.BitSlicedAvx2, KernelKind.Avx512, KernelKind.Avx2, KernelKind.ScalarPopcnt])
        {
            if (IsSupported(k))
            {
                return k;
            }
        }

        return KernelKind.Portable;
    }
}
