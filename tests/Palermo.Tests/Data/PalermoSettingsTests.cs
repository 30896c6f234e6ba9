using Microsoft.Extensions.Configuration;
using Palermo.Data;

namespace Palermo.Tests.Data;

/// <summary>An operator's mistyped setting stops the start with the setting named, instead of running on a default.</summary>
public sealed class PalermoSettingsTests
{
    private static PalermoSettings From(params (string Key, string Value)[] pairs) =>
        PalermoSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build());

    [Fact]
    public void UnusualReading_DefaultsAndOperatorValues()
    {
        var defaults = From();
        Assert.Equal((25, 3), (defaults.UnusualReadingFloor, defaults.UnusualReadingFactor));
        var set = From(("Palermo:UnusualReadingFloor", "200"), ("Palermo:UnusualReadingFactor", "5"));
        Assert.Equal((200, 5), (set.UnusualReadingFloor, set.UnusualReadingFactor));
    }

    [Theory]
    [InlineData("Palermo:UnusualReadingFloor", "4")]
    [InlineData("Palermo:UnusualReadingFloor", "100001")]
    [InlineData("Palermo:UnusualReadingFloor", "ten")]
    [InlineData("Palermo:UnusualReadingFactor", "1")]
    [InlineData("Palermo:UnusualReadingFactor", "2.5")]
    [InlineData("Palermo:UnusualReadingFactor", "-3")]
    public void UnusualReading_OutOfRange_NamesTheSetting(string key, string value)
    {
        var e = Assert.Throws<DomainException>(() => From((key, value)));
        Assert.Equal(key, e.Field);
        Assert.StartsWith($"{key} must be a whole number from ", e.Message, StringComparison.Ordinal);
    }
}
