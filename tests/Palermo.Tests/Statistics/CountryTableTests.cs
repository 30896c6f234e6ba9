using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

public sealed class CountryTableTests
{
    [Theory]
    [InlineData("ita", "ITA")]
    [InlineData("IT", "ITA")]
    [InlineData("ng", "NGA")]
    [InlineData("Tur", "TUR")]
    public void Find_Alpha2OrAlpha3AnyCase_ReturnsCountry(string code, string alpha3)
    {
        Assert.Equal(alpha3, TestData.Countries.Find(code).Alpha3);
    }

    [Fact]
    public void Find_UnknownCode_ThrowsNamingField()
    {
        var ex = Assert.Throws<StatisticsException>(() => TestData.Countries.Find("XQZ", "citizenship"));
        Assert.Equal("citizenship", ex.Field);
        Assert.Contains("XQZ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ITA", "ITA", FlowClass.Domestic)]
    [InlineData("FRA", "ITA", FlowClass.Subregional)]
    [InlineData("TUR", "ITA", FlowClass.Subregional)]
    [InlineData("ROU", "ITA", FlowClass.Intraregional)]
    [InlineData("UKR", "ITA", FlowClass.Intraregional)]
    [InlineData("NGA", "ITA", FlowClass.Transregional)]
    [InlineData("MEX", "USA", FlowClass.Subregional)]
    [InlineData("IRN", "PAK", FlowClass.Subregional)]
    [InlineData("ATA", "ITA", FlowClass.Unknown)]
    public void Classify_WorkedExamples_FollowGlotipGrouping(string origin, string destination, FlowClass expected)
    {
        Assert.Equal(expected, TestData.Countries.Classify(origin, destination));
    }

    [Fact]
    public void WithOverride_MovingTurkeyToEasternEurope_ChangesFlowClass()
    {
        var moved = TestData.Countries.WithOverride("TUR", "Europe and Central Asia", "Eastern Europe and Central Asia");

        Assert.Equal(FlowClass.Intraregional, moved.Classify("TUR", "ITA"));
        Assert.Equal(FlowClass.Subregional, moved.Classify("TUR", "GEO"));
        Assert.Equal(FlowClass.Subregional, TestData.Countries.Classify("TUR", "ITA"));
    }

    [Fact]
    public void Load_AdministratorCopyWithNewRegion_ClassifiesByTheCopy()
    {
        var csv = "alpha2,alpha3,m49,glotip_region,glotip_subregion\nIT,ITA,380,Mediterranean,North\nNG,NGA,566,Mediterranean,South\n";
        var table = CountryTable.Load(new StringReader(csv));

        Assert.Equal(FlowClass.Intraregional, table.Classify("NGA", "ITA"));
        Assert.Equal(["MEDITERRANEAN"], table.RegionCodes);
    }

    [Fact]
    public void Load_CsvWithBadCode_ThrowsNamingLine()
    {
        var csv = "alpha2,alpha3,m49,glotip_region,glotip_subregion\nIT,IT4,380,A,B\n";
        var ex = Assert.Throws<StatisticsException>(() => CountryTable.Load(new StringReader(csv)));
        Assert.Contains("Line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDefault_ShippedTable_HasEveryIsoCountry()
    {
        Assert.Equal(250, TestData.Countries.Countries.Count);
        Assert.Equal(7, TestData.Countries.Regions.Count);
    }
}
