using System.Text;
using Palermo.Linkage.Crypto;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class Blake2bTests
{
    [Fact]
    public void Hash_RfcUnkeyedAbc_MatchesPublishedDigest()
    {
        byte[] digest = new byte[64];
        new Blake2b([]).Hash("abc"u8, digest);
        Assert.Equal(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
            Convert.ToHexStringLower(digest));
    }

    [Theory]
    [InlineData(0, "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")]
    [InlineData(1, "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd")]
    public void Hash_KeyedKnownAnswer_MatchesReferenceVectors(int length, string expected)
    {
        byte[] key = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        byte[] digest = new byte[64];
        new Blake2b(key).Hash(Enumerable.Range(0, length).Select(i => (byte)i).ToArray(), digest);
        Assert.Equal(expected, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Hash_MultiBlockKeyedMessage_MatchesReference()
    {
        // Reference from Python's hashlib.blake2b(b"x" * 300, key=b"k" * 32).
        byte[] digest = new byte[64];
        new Blake2b(Encoding.ASCII.GetBytes(new string('k', 32))).Hash(Encoding.ASCII.GetBytes(new string('x', 300)), digest);
        Assert.Equal(
            "d71abe9ee168a5c96a1635aef05acb42bce5cb3706e81e27bb176917d82fc50257e2127a1b5028e3aea026593c6b859cdf666b0b0abf637719feb392f49d7976",
            Convert.ToHexStringLower(digest));
    }
}
