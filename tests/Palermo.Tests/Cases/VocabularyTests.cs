using Palermo.Cases;
using Palermo.Statistics;

namespace Palermo.Tests.Cases;

/// <summary>Picklist values: by name only, any case, the field named when a value is unknown.</summary>
public sealed class VocabularyTests
{
    [Fact]
    public void ParseFlags_NamesSeparatedBySemicolons_CombineInAnyCaseAndSpacing()
    {
        Assert.Equal(ExploitationType.SexualExploitation | ExploitationType.ForcedCriminality,
            Vocabulary.ParseFlags<ExploitationType>([" sexualexploitation ;; ForcedCriminality;"], "exploitation"));
        Assert.Equal(ExploitationType.ForcedLabour | ExploitationType.Servitude,
            Vocabulary.ParseFlags<ExploitationType>(["ForcedLabour", null!, "Servitude"], "exploitation"));
        Assert.Equal(ExploitationType.None, Vocabulary.ParseFlags<ExploitationType>(null, "exploitation"));
        // A one-byte enum goes through the same bits.
        Assert.Equal(ControlMeans.Threats | ControlMeans.DrugsAlcohol,
            Vocabulary.ParseFlags<ControlMeans>(["threats;DrugsAlcohol"], "means"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("+1")]
    [InlineData("-1")]
    [InlineData("ForcedLabour,Servitude")]
    [InlineData("None")]
    [InlineData("Forced Labour")]
    public void Parse_NumbersCombinationsNoneAndUnknownNames_AreRefusedNamingTheField(string value)
    {
        var ex = Assert.Throws<DomainException>(() => Vocabulary.ParseFlags<ExploitationType>([value], "vic_TypeOfExploitation"));
        Assert.Equal("vic_TypeOfExploitation", ex.Field);
        Assert.StartsWith("Unknown value. Use one of: ForcedLabour, SexualExploitation", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => Vocabulary.Parse<Gender>(value, "gender"));
    }
}
