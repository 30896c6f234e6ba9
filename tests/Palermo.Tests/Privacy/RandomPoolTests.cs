using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Tests.Privacy;

/// <summary>Buffered randomness (bulk path) keeps what the unbuffered draws guaranteed.</summary>
public sealed class RandomPoolTests
{
    [Fact]
    public void SealedFields_GetFreshNoncesAndKeys_AcrossManyBlocksOfThePool()
    {
        var ring = MasterKeyRing.FromBase64(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), []);
        using var crypto = new PersonCrypto(ring);
        var now = new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc);
        var nonces = new HashSet<string>();
        var keys = new HashSet<string>();
        for (var i = 0; i < 2_000; i++)
        {
            var key = crypto.NewKey(now);
            keys.Add(Convert.ToHexString(key.Wrapped.AsSpan(1, 12)));
            var sealedName = crypto.Seal(key, "givenName", "Olena");
            Assert.True(nonces.Add(Convert.ToHexString(sealedName.Envelope.AsSpan(1, 12))));
            Assert.Equal("Olena", crypto.Open(key, "givenName", sealedName));
        }

        // Same plaintext, 2,000 different nonces and wrapping nonces: nothing repeats across the pool's 4 KB blocks.
        Assert.Equal(2_000, keys.Count);
    }

    [Fact]
    public void Ids_AreVersion7_Unique_AndOrderedByTime_LikeGuidCreateVersion7()
    {
        var ids = Enumerable.Range(0, 5_000).Select(_ => Ids.NewV7()).ToList();
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var earlier = Ids.NewV7(1_700_000_000_000);
        var later = Ids.NewV7(1_700_000_000_001);
        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
        // The first 48 bits are the Unix milliseconds, as in Guid.CreateVersion7(DateTimeOffset).
        var reference = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        Assert.Equal(reference.ToString()[..13], earlier.ToString()[..13]);
    }
}
