using Palermo.Linkage.Crypto;
using Palermo.Linkage.Encoders;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class TokenHasherTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("ukr")]
    public void HashEightAtATime_AnyTokens_SetsTheSameBitsAsTheScalarPath(string? salt)
    {
        Assert.SkipUnless(TokenHasher.IsVectorised, "needs AVX-512");
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
        TokenHasher.HashEightAtATime(tokens, keys, saltBytes, 65000, vector);
        Assert.Equal(scalar, vector);
    }
}
