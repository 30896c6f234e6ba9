using Palermo.Linkage.Crypto;
using Palermo.Linkage.Encoders;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class TokenHasherTests
{
    private const string KnownNoSalt = "4447069364900C76CEB10CC35BE0E6DE7D75969DF12D34CA7AFBD37B0E270833";
    private const string KnownWithSalt = "18C11B6348AD94D253A13A79ABD80B6F7B34D6770C12DE776EB9F3CA9184293A";

    [Theory]
    [InlineData(null)]
    [InlineData("ukr")]
    public void HashEightOrFourAtATime_AnyTokens_SetsTheSameBitsAsTheScalarPath_AndTheKnownAnswer(string? salt)
    {
        var random = new Random(17);
        Blake2b[] keys = [new(new byte[32]), new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()), new(new byte[] { 9 })];
        var tokens = new TokenBuffer();
        for (int t = 0; t < 203; t++)
        {
            // Lengths from 1 to 140 characters cover one-block, two-block and scalar-only tokens; k up to 40.
            string text = new([.. Enumerable.Range(0, 1 + random.Next(t % 20 == 0 ? 140 : 12)).Select(_ => (char)('a' + random.Next(26)))]);
            tokens.Add(default, text);
            tokens.Tag(t, t + 1, random.Next(keys.Length), 1 + random.Next(40));
        }

        byte[]? saltBytes = salt is null ? null : System.Text.Encoding.UTF8.GetBytes(salt);
        // A sparse 65,000-bit filter, so a single wrong position would show.
        byte[] scalar = new byte[8125], vector = new byte[8125];
        TokenHasher.HashOneAtATime(tokens, 0, tokens.Count, keys, saltBytes, 65000, scalar);
        // The same bits on every machine: agencies encode on different hardware and their filters must still compare.
        // The known answer was computed by the scalar path; the eight-lane (AVX-512) and four-lane (AVX2) paths must give it too.
        var hex = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(scalar));
        Assert.True(hex == (salt is null ? KnownNoSalt : KnownWithSalt), $"the scalar path's filter hashes to {hex}");
        int checkedPaths = 0;
        if (Blake2bCompress8.IsSupported)
        {
            TokenHasher.HashEightAtATime(tokens, keys, saltBytes, 65000, vector);
            Assert.Equal(scalar, vector);
            checkedPaths++;
        }

        if (Blake2bCompress4.IsSupported)
        {
            Array.Clear(vector);
            TokenHasher.HashFourAtATime(tokens, keys, saltBytes, 65000, vector);
            Assert.Equal(scalar, vector);
            checkedPaths++;
        }

        // Every x64 machine this runs on has AVX2 at least: a vectorised path must have been compared, not skipped.
        Assert.True(checkedPaths > 0 || !System.Runtime.Intrinsics.X86.Avx2.IsSupported, "no vectorised path was checked");
        Assert.Equal(checkedPaths > 0, TokenHasher.IsVectorised);
    }
}
