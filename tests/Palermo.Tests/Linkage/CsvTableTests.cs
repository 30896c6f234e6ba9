using Palermo.Linkage;
using Palermo.Linkage.Workflow;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class CsvTableTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Read_QuotedFieldsWithCommasQuotesAndNewlines_KeepsEachValueWhole()
    {
        File.WriteAllText(_path, "\uFEFFid,given_name\r\n1,\"Abu Bakr, Jr\"\r\n2,\"O\"\"Neil\"\n3,\"two\nlines\"\n\n4,plain\n");
        CsvTable table = CsvTable.Read(_path);
        Assert.Equal(["id", "given_name"], table.Header);
        Assert.Equal(["Abu Bakr, Jr", "O\"Neil", "two\nlines", "plain"], table.Rows.Select(r => r[1]));
    }

    [Fact]
    public void Read_RowWithTooFewFields_NamesTheRowNotTheValue()
    {
        File.WriteAllText(_path, "id,given_name,family_name\n1,Ana,Rusu\n2,Secretname\n");
        var e = Assert.Throws<LinkageException>(() => CsvTable.Read(_path));
        Assert.Contains("row 2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secretname", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnclosedQuote_FailsWithOneLine()
    {
        File.WriteAllText(_path, "id,given_name\n1,\"Ana\n");
        var e = Assert.Throws<LinkageException>(() => CsvTable.Read(_path));
        Assert.Contains("not closed", e.Message, StringComparison.Ordinal);
    }
}
