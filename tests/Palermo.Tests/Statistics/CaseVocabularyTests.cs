using Palermo.Cases;
using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

/// <summary>The case module's HTCDS enums and the statistics mapping speak the same value names.</summary>
public sealed class CaseVocabularyTests
{
    [Fact]
    public void FromHtcds_EveryCaseExploitationType_MapsToAKnownForm()
    {
        foreach (var type in Enum.GetValues<ExploitationType>().Where(t => t != ExploitationType.None))
        {
            Assert.NotEqual(ExploitationForm.Unknown, ExploitationForms.FromHtcds([type.ToString()]));
        }
    }

    [Fact]
    public void Means_CaseMethodsOfControl_AllButOtherAndUsesChildrenMapToACtdcMean()
    {
        foreach (var method in Enum.GetValues<MethodOfControl>().Where(m => m is not (MethodOfControl.None or MethodOfControl.Other or MethodOfControl.UsesChildren)))
        {
            Assert.NotEqual(ControlMeans.None, HtcdsMapping.Means(Vocabulary.Names(method)));
        }
    }

    [Fact]
    public void Sex_EveryCaseGender_MapsWithoutFailing()
    {
        Assert.Equal(Sex.Female, HtcdsMapping.Sex(Gender.Feminine.ToString()));
        Assert.Equal(Sex.Other, HtcdsMapping.Sex(Gender.NonConforming.ToString()));
        Assert.Equal(Sex.Unknown, HtcdsMapping.Sex(Gender.NonSpecifiedUnknown.ToString()));
    }
}
