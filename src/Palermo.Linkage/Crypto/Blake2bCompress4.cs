using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Palermo.Linkage.Crypto;

/// <summary>
/// Four independent final-block BLAKE2b compressions at once, one per 64-bit lane of AVX2 vectors: the
/// <see cref="Blake2bCompress8"/> schedule for CPUs without AVX-512 (generated from it). AVX2 has no 64-bit
/// rotate, so rotations by 32, 24 and 16 are byte shuffles and by 63 an add and a shift; the message words
/// are read from memory where they are used, because sixteen state vectors already fill AVX2's sixteen registers.
/// </summary>
internal static unsafe class Blake2bCompress4
{
    public static bool IsSupported => Avx2.IsSupported && Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> M(ulong* m, int word) => Avx.LoadVector256(m + (word * 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Ror32(Vector256<ulong> x) => Avx2.Shuffle(x.AsUInt32(), 0b10_11_00_01).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Ror24(Vector256<ulong> x) =>
        Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10)).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Ror16(Vector256<ulong> x) =>
        Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9)).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Ror63(Vector256<ulong> x) => (x + x) | Avx2.ShiftRightLogical(x, 63);

    /// <summary>
    /// <paramref name="h"/>: 8 state words × 4 lanes (word-major), updated in place. <paramref name="m"/>: 16 message
    /// words × 4 lanes. <paramref name="counter"/>: 4 byte counters. Every lane's block is its message's last block.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CompressLast(ulong* h, ulong* m, ulong* counter)
    {
        Vector256<ulong> v0 = Avx.LoadVector256(h + 0), v1 = Avx.LoadVector256(h + 4), v2 = Avx.LoadVector256(h + 8), v3 = Avx.LoadVector256(h + 12);
        Vector256<ulong> v4 = Avx.LoadVector256(h + 16), v5 = Avx.LoadVector256(h + 20), v6 = Avx.LoadVector256(h + 24), v7 = Avx.LoadVector256(h + 28);
        Vector256<ulong> v8 = Vector256.Create(0x6a09e667f3bcc908UL), v9 = Vector256.Create(0xbb67ae8584caa73bUL);
        Vector256<ulong> v10 = Vector256.Create(0x3c6ef372fe94f82bUL), v11 = Vector256.Create(0xa54ff53a5f1d36f1UL);
        Vector256<ulong> v12 = Vector256.Create(0x510e527fade682d1UL) ^ Avx.LoadVector256(counter);
        Vector256<ulong> v13 = Vector256.Create(0x9b05688c2b3e6c1fUL);
        Vector256<ulong> v14 = Vector256.Create(~0x1f83d9abfb41bd6bUL), v15 = Vector256.Create(0x5be0cd19137e2179UL);
        // Round 0
        v0 += v4 + M(m, 0); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 1); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 2); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 3); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 4); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 5); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 6); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 7); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 8); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 9); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 10); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 11); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 12); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 13); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 14); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 15); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 1
        v0 += v4 + M(m, 14); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 10); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 4); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 8); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 9); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 15); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 13); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 6); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 1); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 12); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 0); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 2); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 11); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 7); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 5); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 3); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 2
        v0 += v4 + M(m, 11); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 8); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 12); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 0); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 5); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 2); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 15); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 13); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 10); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 14); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 3); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 6); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 7); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 1); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 9); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 4); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 3
        v0 += v4 + M(m, 7); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 9); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 3); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 1); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 13); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 12); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 11); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 14); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 2); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 6); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 5); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 10); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 4); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 0); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 15); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 8); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 4
        v0 += v4 + M(m, 9); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 0); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 5); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 7); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 2); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 4); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 10); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 15); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 14); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 1); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 11); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 12); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 6); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 8); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 3); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 13); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 5
        v0 += v4 + M(m, 2); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 12); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 6); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 10); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 0); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 11); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 8); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 3); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 4); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 13); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 7); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 5); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 15); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 14); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 1); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 9); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 6
        v0 += v4 + M(m, 12); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 5); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 1); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 15); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 14); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 13); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 4); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 10); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 0); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 7); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 6); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 3); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 9); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 2); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 8); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 11); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 7
        v0 += v4 + M(m, 13); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 11); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 7); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 14); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 12); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 1); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 3); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 9); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 5); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 0); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 15); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 4); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 8); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 6); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 2); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 10); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 8
        v0 += v4 + M(m, 6); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 15); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 14); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 9); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 11); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 3); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 0); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 8); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 12); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 2); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 13); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 7); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 1); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 4); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 10); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 5); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 9
        v0 += v4 + M(m, 10); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 2); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 8); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 4); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 7); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 6); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 1); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 5); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 15); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 11); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 9); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 14); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 3); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 12); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 13); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 0); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 10
        v0 += v4 + M(m, 0); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 1); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 2); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 3); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 4); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 5); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 6); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 7); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 8); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 9); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 10); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 11); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 12); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 13); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 14); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 15); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        // Round 11
        v0 += v4 + M(m, 14); v12 = Ror32(v12 ^ v0); v8 += v12; v4 = Ror24(v4 ^ v8);
        v0 += v4 + M(m, 10); v12 = Ror16(v12 ^ v0); v8 += v12; v4 = Ror63(v4 ^ v8);
        v1 += v5 + M(m, 4); v13 = Ror32(v13 ^ v1); v9 += v13; v5 = Ror24(v5 ^ v9);
        v1 += v5 + M(m, 8); v13 = Ror16(v13 ^ v1); v9 += v13; v5 = Ror63(v5 ^ v9);
        v2 += v6 + M(m, 9); v14 = Ror32(v14 ^ v2); v10 += v14; v6 = Ror24(v6 ^ v10);
        v2 += v6 + M(m, 15); v14 = Ror16(v14 ^ v2); v10 += v14; v6 = Ror63(v6 ^ v10);
        v3 += v7 + M(m, 13); v15 = Ror32(v15 ^ v3); v11 += v15; v7 = Ror24(v7 ^ v11);
        v3 += v7 + M(m, 6); v15 = Ror16(v15 ^ v3); v11 += v15; v7 = Ror63(v7 ^ v11);
        v0 += v5 + M(m, 1); v15 = Ror32(v15 ^ v0); v10 += v15; v5 = Ror24(v5 ^ v10);
        v0 += v5 + M(m, 12); v15 = Ror16(v15 ^ v0); v10 += v15; v5 = Ror63(v5 ^ v10);
        v1 += v6 + M(m, 0); v12 = Ror32(v12 ^ v1); v11 += v12; v6 = Ror24(v6 ^ v11);
        v1 += v6 + M(m, 2); v12 = Ror16(v12 ^ v1); v11 += v12; v6 = Ror63(v6 ^ v11);
        v2 += v7 + M(m, 11); v13 = Ror32(v13 ^ v2); v8 += v13; v7 = Ror24(v7 ^ v8);
        v2 += v7 + M(m, 7); v13 = Ror16(v13 ^ v2); v8 += v13; v7 = Ror63(v7 ^ v8);
        v3 += v4 + M(m, 5); v14 = Ror32(v14 ^ v3); v9 += v14; v4 = Ror24(v4 ^ v9);
        v3 += v4 + M(m, 3); v14 = Ror16(v14 ^ v3); v9 += v14; v4 = Ror63(v4 ^ v9);
        Avx.Store(h + 0, Avx.LoadVector256(h + 0) ^ v0 ^ v8);
        Avx.Store(h + 4, Avx.LoadVector256(h + 4) ^ v1 ^ v9);
        Avx.Store(h + 8, Avx.LoadVector256(h + 8) ^ v2 ^ v10);
        Avx.Store(h + 12, Avx.LoadVector256(h + 12) ^ v3 ^ v11);
        Avx.Store(h + 16, Avx.LoadVector256(h + 16) ^ v4 ^ v12);
        Avx.Store(h + 20, Avx.LoadVector256(h + 20) ^ v5 ^ v13);
        Avx.Store(h + 24, Avx.LoadVector256(h + 24) ^ v6 ^ v14);
        Avx.Store(h + 28, Avx.LoadVector256(h + 28) ^ v7 ^ v15);
    }
}
