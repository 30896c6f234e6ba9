using Palermo.Statistics;

namespace Palermo.Tests.Statistics;

public sealed class BadInputTests
{
    private static StatisticsException Fails(StatisticsRecord[] records, StatisticsQuery query) =>
        Assert.Throws<StatisticsException>(() => StatisticsEngine.Compute(records, query, TestData.Countries));

    [Fact]
    public void Compute_ReversedYearRange_ErrorNamesFrom()
    {
        var ex = Fails(TestData.MediumRecords, new StatisticsQuery(From: 2022, To: 2019));
        Assert.Equal("from", ex.Field);
        Assert.Contains("after the last year", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2010, 2020, "from")]
    [InlineData(2019, 2030, "to")]
    public void Compute_YearOutsideData_ErrorNamesField(int from, int to, string field)
    {
        var ex = Fails(TestData.MediumRecords, new StatisticsQuery(from, to));
        Assert.Equal(field, ex.Field);
        Assert.Contains("2018–2022", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_UnknownRegion_ErrorNamesRegion()
    {
        var ex = Fails(TestData.MediumRecords, new StatisticsQuery(DetectionRegion: "Atlantis"));
        Assert.Equal("region", ex.Field);
        Assert.Contains("Atlantis", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_EmptyInput_ErrorNamesRecords()
    {
        Assert.Equal("records", Fails([], new StatisticsQuery()).Field);
    }

    [Fact]
    public void Parse_BadCountryCodeInFilter_ErrorNamesField()
    {
        var ex = Assert.Throws<StatisticsException>(() => CountryCode.Parse("I1", "citizenship"));
        Assert.Equal("citizenship", ex.Field);
    }

    [Fact]
    public void Compute_SingleRecord_EverythingSmallIsSuppressed()
    {
        var cube = StatisticsEngine.Compute([TestData.Victim(1, "2022-01-01")], new StatisticsQuery(), TestData.Countries);
        var publication = Palermo.Statistics.Disclosure.Publication.Protect(cube);

        Assert.Equal(1, cube.PersonsCounted);
        Assert.All(publication.Observations(), o => Assert.True(o.Value is null or 0, "no count of one person is published"));
    }

    [Fact]
    public void Compute_RecordWithCodeMissingFromTable_CountedAsUnknownAndReported()
    {
        var record = TestData.Victim(1, "2022-01-01") with { Citizenship = CountryCode.Parse("ZZZ") };
        var cube = StatisticsEngine.Compute([record], new StatisticsQuery(), TestData.Countries);

        Assert.Equal(1, cube.UnknownCountryCodes);
        Assert.Equal(1, cube.Flow(Indicator.DetectedVictims, 2022, cube.UnknownCountry, TestData.Countries.Find("ITA").Index));
    }

    [Fact]
    public void Compute_RecordWithUndefinedSexCode_ErrorNamesRecords()
    {
        var ex = Fails([TestData.Victim(1, "2022-01-01") with { Sex = (Sex)9 }], new StatisticsQuery());
        Assert.Equal("records", ex.Field);
        Assert.Contains("Record 0", ex.Message, StringComparison.Ordinal);
    }
}
