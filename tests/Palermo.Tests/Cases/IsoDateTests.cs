using System.Globalization;
using Palermo.Cases;

namespace Palermo.Tests.Cases;

/// <summary>The fast date reader accepts and refuses exactly what the framework's exact parser does.</summary>
public sealed class IsoDateTests
{
    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29")]
    [InlineData("2024-12-31")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-04-31")]
    [InlineData("0001-01-01")]
    [InlineData("0000-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2024-1-01")]
    [InlineData("2024/01/01")]
    [InlineData("24-01-01")]
    [InlineData("2024-01-011")]
    [InlineData("２０２４-01-01")]
    [InlineData("2024-0a-01")]
    [InlineData("+024-01-01")]
    [InlineData("2024-01- 1")]
    [InlineData("01/02/2024")]
    public void IsoDate_SameAnswerAsTryParseExact(string s)
    {
        var expected = DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        Assert.Equal(expected, CaseInput.IsoDate(s));
    }

    [Fact]
    public void IsoDate_EveryDayOfFourYears_RoundTrips()
    {
        for (var day = new DateOnly(2023, 1, 1); day < new DateOnly(2027, 1, 1); day = day.AddDays(1))
        {
            Assert.Equal(day, CaseInput.IsoDate(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Date_Malformed_NamesTheField()
    {
        var ex = Assert.Throws<DomainException>(() => CaseInput.Date("2024-02-30", "identificationDate"));
        Assert.Equal("identificationDate", ex.Field);
        Assert.Equal(new DateOnly(2024, 2, 3), CaseInput.Date(" 2024-02-03 ", "x"));
    }
}
