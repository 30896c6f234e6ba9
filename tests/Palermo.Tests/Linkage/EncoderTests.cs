using Palermo.Linkage;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Schema;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class EncoderTests
{
    private static readonly LinkageEncoder Default = new(DefaultSchema.Create(), "known-answer-secret-0123456789"u8);

    private static double Dice(byte[] a, byte[] b)
    {
        FilterSet s = FilterSet.FromBytes([a, b], a.Length * 8);
        return DiceMath.Score(PairKernels.AndPopCount(s[0], s[1], KernelKind.Portable), s.PopCount(0), s.PopCount(1));
    }

    [Fact]
    public void EncodePerson_FixedSecretAndDefaultSchema_GivesKnownBits()
    {
        // Any change here breaks linkage with encodings made by earlier versions: change the schema version instead.
        byte[] filter = Default.EncodePerson("Olena", "Shevchenko", "1990-05-12", "F", "UKR");
        Assert.Equal(
            "lAAGIIuKAiBAU4DMAEICaggUCCNACADKMysUoCUggi6AmmCgPBQDgB0GqgNkIQIwnPAokDkoJAQEnwg5QBQEAgTKkaQcJABCAh6XQjYNB2FAUhAMwDlMIgIBCCABYIGACAZgAJgYAjgEFkCAUsAkIFaAhVJkYAKoUEYBJAkgQIQ=",
            Convert.ToBase64String(filter));
        Assert.Equal("v1-054dec418c634edc3150b81f", Default.Fingerprint);
    }

    [Fact]
    public void EncodePerson_SwappedNameOrder_GivesTheSameFilter()
    {
        Assert.Equal(
            Default.EncodePerson("Olena", "Shevchenko", "1990-05-12", "F", "UKR"),
            Default.EncodePerson("Shevchenko", "Olena", "1990-05-12", "F", "UKR"));
    }

    [Fact]
    public void EncodePerson_DifferentSecret_SharesAboutRandomBitsOnly()
    {
        var other = new LinkageEncoder(DefaultSchema.Create(), "another-secret-entirely-9876543210"u8);
        double same = Dice(Default.EncodePerson("Olena", "Shevchenko", "1990-05-12", "F", "UKR"), other.EncodePerson("Olena", "Shevchenko", "1990-05-12", "F", "UKR"));
        Assert.InRange(same, 0.0, 0.5);
    }

    [Theory]
    [InlineData("Mohammed", "Muhammad", "Ahmed")]
    [InlineData("Olena", "Elena", "Oksana")]
    [InlineData("Nguyễn", "Nguyen", "Ngo")]
    [InlineData("Олена", "Olena", "Iryna")]
    [InlineData("Sasha", "Aleksandr", "Dmitri")]
    public void EncodePerson_TransliterationVariant_ScoresHigherThanADifferentName(string name, string variant, string different)
    {
        byte[] a = Default.EncodePerson(name, "Haddad", "1990-05-12", "F", "SYR");
        double variantScore = Dice(a, Default.EncodePerson(variant, "Haddad", "1990-05-12", "F", "SYR"));
        double differentScore = Dice(a, Default.EncodePerson(different, "Haddad", "1990-05-12", "F", "SYR"));
        Assert.True(variantScore > differentScore, $"{variantScore:F3} <= {differentScore:F3}");
        Assert.True(variantScore >= LinkageDefaults.Threshold, $"variant scores {variantScore:F3}");
    }

    [Fact]
    public void EncodePerson_SwappedDayAndMonth_StillAboveTheThreshold()
    {
        double score = Dice(
            Default.EncodePerson("Blessing", "Okafor", "1995-03-07", "F", "NGA"),
            Default.EncodePerson("Blessing", "Okafor", "1995-07-03", "F", "NGA"));
        Assert.True(score >= LinkageDefaults.Threshold, $"{score:F3}");
    }

    [Fact]
    public void Encode_BalancedSchema_HasExactlyHalfTheBitsSet()
    {
        var encoder = new LinkageEncoder(DefaultSchema.Create() with { Hardening = new HardeningOptions { Balance = true } }, TestData.Secret);
        foreach (byte[] f in new[] { encoder.EncodePerson("Ana", "Rusu", "", "", ""), encoder.EncodePerson("Chukwuemeka", "Okonkwo", "1980-01-02", "M", "NGA") })
        {
            Assert.Equal(512, f.Sum(b => System.Numerics.BitOperations.PopCount(b)));
        }
    }

    [Fact]
    public void Encode_XorFoldedSchema_KeepsTheConfiguredLength()
    {
        var encoder = new LinkageEncoder(DefaultSchema.Create() with { Hardening = new HardeningOptions { XorFold = true } }, TestData.Secret);
        Assert.Equal(128, encoder.EncodePerson("Ana", "Rusu", "1990-01-01", "F", "MDA").Length);
    }

    [Fact]
    public void Encode_BadDate_ThrowsWithoutTheValue()
    {
        var e = Assert.Throws<LinkageException>(() => Default.EncodePerson("Ana", "Rusu", "12/31/1990", "F", "MDA"));
        Assert.DoesNotContain("1990", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ShortSecret_IsRefused()
    {
        Assert.Throws<LinkageException>(() => new LinkageEncoder(DefaultSchema.Create(), "short"u8));
    }
}
