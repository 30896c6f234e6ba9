using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Palermo.Linkage.Crypto;

/// <summary>
/// Eight independent final-block BLAKE2b compressions at once, one per 64-bit lane of AVX-512 vectors (generated
/// from the RFC 7693 schedule, like <see cref="Blake2bCompress"/>). Encoding hashes dozens of short tokens per
/// record; hashing them eight at a time is what keeps encoding above 100,000 records per second per core.
/// </summary>
internal static unsafe class Blake2bCompress8
{
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Ror(Vector512<ulong> x, [ConstantExpected] byte n) => Avx512F.RotateRight(x, n);

    /// <summary>
    /// <paramref name="h"/>: 8 state words × 8 lanes (word-major), updated in place. <paramref name="m"/>: 16 message
    /// words × 8 lanes. <paramref name="counter"/>: 8 byte counters. Every lane's block is its message's last block.
    /// </summary>
    // Compiled optimised on first use: ReadyToRun cannot precompile AVX-512 code, and the unoptimised first tier
    // (no inlining of Ror) ran long enough in a short import to cost a few per cent of it.
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CompressLast(ulong* h, ulong* m, ulong* counter)
    {
        Vector512<ulong> m0 = Avx512F.LoadVector512(m + 0);
        Vector512<ulong> m1 = Avx512F.LoadVector512(m + 8);
        Vector512<ulong> m2 = Avx512F.LoadVector512(m + 16);
        Vector512<ulong> m3 = Avx512F.LoadVector512(m + 24);
        Vector512<ulong> m4 = Avx512F.LoadVector512(m + 32);
        Vector512<ulong> m5 = Avx512F.LoadVector512(m + 40);
        Vector512<ulong> m6 = Avx512F.LoadVector512(m + 48);
        Vector512<ulong> m7 = Avx512F.LoadVector512(m + 56);
        Vector512<ulong> m8 = Avx512F.LoadVector512(m + 64);
        Vector512<ulong> m9 = Avx512F.LoadVector512(m + 72);
        Vector512<ulong> m10 = Avx512F.LoadVector512(m + 80);
        Vector512<ulong> m11 = Avx512F.LoadVector512(m + 88);
        Vector512<ulong> m12 = Avx512F.LoadVector512(m + 96);
        Vector512<ulong> m13 = Avx512F.LoadVector512(m + 104);
        Vector512<ulong> m14 = Avx512F.LoadVector512(m + 112);
        Vector512<ulong> m15 = Avx512F.LoadVector512(m + 120);
        Vector512<ulong> h0 = Avx512F.LoadVector512(h + 0);
        Vector512<ulong> h1 = Avx512F.LoadVector512(h + 8);
        Vector512<ulong> h2 = Avx512F.LoadVector512(h + 16);
        Vector512<ulong> h3 = Avx512F.LoadVector512(h + 24);
        Vector512<ulong> h4 = Avx512F.LoadVector512(h + 32);
        Vector512<ulong> h5 = Avx512F.LoadVector512(h + 40);
        Vector512<ulong> h6 = Avx512F.LoadVector512(h + 48);
        Vector512<ulong> h7 = Avx512F.LoadVector512(h + 56);
        Vector512<ulong> v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
        Vector512<ulong> v8 = Vector512.Create(0x6a09e667f3bcc908UL), v9 = Vector512.Create(0xbb67ae8584caa73bUL);
        Vector512<ulong> v10 = Vector512.Create(0x3c6ef372fe94f82bUL), v11 = Vector512.Create(0xa54ff53a5f1d36f1UL);
        Vector512<ulong> v12 = Vector512.Create(0x510e527fade682d1UL) ^ Avx512F.LoadVector512(counter);
        Vector512<ulong> v13 = Vector512.Create(0x9b05688c2b3e6c1fUL);
        Vector512<ulong> v14 = Vector512.Create(~0x1f83d9abfb41bd6bUL), v15 = Vector512.Create(0x5be0cd19137e2179UL);
        // Round 0
        v0 += v4 + m0; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m1; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m2; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m3; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m4; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m5; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m6; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m7; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m8; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m9; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m10; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m11; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m12; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m13; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m14; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m15; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 1
        v0 += v4 + m14; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m10; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m4; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m8; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m9; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m15; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m13; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m6; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m1; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m12; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m0; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m2; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m11; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m7; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m5; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m3; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 2
        v0 += v4 + m11; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m8; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m12; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m0; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m5; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m2; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m15; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m13; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m10; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m14; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m3; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m6; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m7; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m1; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m9; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m4; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 3
        v0 += v4 + m7; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m9; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m3; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m1; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m13; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m12; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m11; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m14; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m2; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m6; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m5; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m10; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m4; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m0; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m15; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m8; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 4
        v0 += v4 + m9; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m0; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m5; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m7; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m2; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m4; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m10; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m15; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m14; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m1; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m11; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m12; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m6; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m8; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m3; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m13; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 5
        v0 += v4 + m2; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m12; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m6; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m10; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m0; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m11; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m8; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m3; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m4; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m13; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m7; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m5; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m15; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m14; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m1; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m9; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 6
        v0 += v4 + m12; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m5; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m1; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m15; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m14; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m13; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m4; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m10; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m0; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m7; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m6; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m3; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m9; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m2; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m8; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m11; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 7
        v0 += v4 + m13; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m11; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m7; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m14; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m12; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m1; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m3; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m9; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m5; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m0; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m15; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m4; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m8; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m6; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m2; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m10; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 8
        v0 += v4 + m6; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m15; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m14; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m9; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m11; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m3; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m0; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m8; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m12; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m2; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m13; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m7; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m1; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m4; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m10; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m5; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 9
        v0 += v4 + m10; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m2; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m8; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m4; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m7; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m6; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m1; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m5; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m15; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m11; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m9; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m14; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m3; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m12; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m13; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m0; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 10
        v0 += v4 + m0; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m1; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m2; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m3; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m4; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m5; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m6; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m7; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m8; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m9; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m10; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m11; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m12; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m13; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m14; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m15; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        // Round 11
        v0 += v4 + m14; v12 = Ror(v12 ^ v0, 32); v8 += v12; v4 = Ror(v4 ^ v8, 24);
        v0 += v4 + m10; v12 = Ror(v12 ^ v0, 16); v8 += v12; v4 = Ror(v4 ^ v8, 63);
        v1 += v5 + m4; v13 = Ror(v13 ^ v1, 32); v9 += v13; v5 = Ror(v5 ^ v9, 24);
        v1 += v5 + m8; v13 = Ror(v13 ^ v1, 16); v9 += v13; v5 = Ror(v5 ^ v9, 63);
        v2 += v6 + m9; v14 = Ror(v14 ^ v2, 32); v10 += v14; v6 = Ror(v6 ^ v10, 24);
        v2 += v6 + m15; v14 = Ror(v14 ^ v2, 16); v10 += v14; v6 = Ror(v6 ^ v10, 63);
        v3 += v7 + m13; v15 = Ror(v15 ^ v3, 32); v11 += v15; v7 = Ror(v7 ^ v11, 24);
        v3 += v7 + m6; v15 = Ror(v15 ^ v3, 16); v11 += v15; v7 = Ror(v7 ^ v11, 63);
        v0 += v5 + m1; v15 = Ror(v15 ^ v0, 32); v10 += v15; v5 = Ror(v5 ^ v10, 24);
        v0 += v5 + m12; v15 = Ror(v15 ^ v0, 16); v10 += v15; v5 = Ror(v5 ^ v10, 63);
        v1 += v6 + m0; v12 = Ror(v12 ^ v1, 32); v11 += v12; v6 = Ror(v6 ^ v11, 24);
        v1 += v6 + m2; v12 = Ror(v12 ^ v1, 16); v11 += v12; v6 = Ror(v6 ^ v11, 63);
        v2 += v7 + m11; v13 = Ror(v13 ^ v2, 32); v8 += v13; v7 = Ror(v7 ^ v8, 24);
        v2 += v7 + m7; v13 = Ror(v13 ^ v2, 16); v8 += v13; v7 = Ror(v7 ^ v8, 63);
        v3 += v4 + m5; v14 = Ror(v14 ^ v3, 32); v9 += v14; v4 = Ror(v4 ^ v9, 24);
        v3 += v4 + m3; v14 = Ror(v14 ^ v3, 16); v9 += v14; v4 = Ror(v4 ^ v9, 63);
        Avx512F.Store(h + 0, h0 ^ v0 ^ v8);
        Avx512F.Store(h + 8, h1 ^ v1 ^ v9);
        Avx512F.Store(h + 16, h2 ^ v2 ^ v10);
        Avx512F.Store(h + 24, h3 ^ v3 ^ v11);
        Avx512F.Store(h + 32, h4 ^ v4 ^ v12);
        Avx512F.Store(h + 40, h5 ^ v5 ^ v13);
        Avx512F.Store(h + 48, h6 ^ v6 ^ v14);
        Avx512F.Store(h + 56, h7 ^ v7 ^ v15);
    }
}
