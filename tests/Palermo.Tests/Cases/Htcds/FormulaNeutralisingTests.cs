using Palermo.Cases.Htcds;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>Export neutralises spreadsheet formulas with an apostrophe; import takes exactly that apostrophe away again.</summary>
public sealed class FormulaNeutralisingTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("'=1+1", "''=1+1")] // typed with an apostrophe: it survives the round trip
    [InlineData("''-5", "'''-5")]
    [InlineData("'plain", "'plain")]
    [InlineData("plain", "plain")]
    [InlineData("'", "'")]
    public void Neutralise_ThenRestore_GivesBackTheStoredValue(string stored, string exported)
    {
        Assert.Equal(exported, CsvWriter.Neutralise(stored));
        Assert.Equal(stored, CsvWriter.Restore(CsvWriter.Neutralise(stored)));
    }
}
