using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

public sealed class HtcdsMappingTests
{
    [Theory]
    [InlineData("Feminine", Sex.Female)]
    [InlineData("Masculine", Sex.Male)]
    [InlineData("TransgenderFeminine", Sex.Other)]
    [InlineData("NonSpecifiedUnknown", Sex.Unknown)]
    [InlineData(null, Sex.Unknown)]
    public void Sex_HtcdsGender_GlotipSex(string? gender, Sex expected) => Assert.Equal(expected, HtcdsMapping.Sex(gender));

    [Fact]
    public void Means_RestrictionsAndWithholding_MergeIntoDenyBasicNeeds()
    {
        var means = HtcdsMapping.Means(["RestrictsMedicalCare", "WithholdsNecessities", "DebtBondage", "Other"]);

        Assert.Equal(ControlMeans.DenyBasicNeeds | ControlMeans.DebtBondageEarnings, means);
    }

    [Fact]
    public void ExploitationForm_SeveralHtcdsTypes_MixedWithinOther()
    {
        Assert.Equal(ExploitationForm.Mixed, ExploitationForms.FromHtcds(["ForcedLabour", "SexualExploitation"]));
        Assert.Equal(ExploitationForm.ForcedLabour, ExploitationForms.FromHtcds(["ChildLabour", "Servitude"]));
        Assert.Equal(ExploitationTop.Other, ExploitationForms.FromHtcds(["ForcedBegging"]).Top());
        Assert.Equal(ExploitationForm.ForcedCriminalActivity, ExploitationForms.FromHtcds(["ForcedCriminality"]));
        Assert.Equal(ExploitationTypes.ForcedLabour | ExploitationTypes.Other, HtcdsMapping.Exploitation(["Servitude", "OrganRemoval"]));
    }

    [Theory]
    [InlineData("PossibleVictimOfTrafficking", true)]
    [InlineData("ActualVictimOfTrafficking", true)]
    [InlineData("NotAVictimOfTrafficking", false)]
    public void IsCountedVictim_TraffickingStatus_OnlyPossibleOrActual(string status, bool counted) =>
        Assert.Equal(counted, HtcdsMapping.IsCountedVictim(status));

    [Fact]
    public void WriteFile_UnknownFormat_ErrorNamesFormat()
    {
        var publication = Palermo.Statistics.Disclosure.Publication.Protect(
            StatisticsEngine.Compute([TestData.Victim(1, "2022-01-01")], new StatisticsQuery(), TestData.Countries));

        var ex = Assert.Throws<StatisticsException>(() => Palermo.Statistics.Export.StatisticsExport.WriteFile(publication, "pdf", "/tmp/x.pdf"));
        Assert.Equal("format", ex.Field);
    }
}
