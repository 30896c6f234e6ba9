using System.Text;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>Files a person might really upload by mistake: each is refused whole, with a line that says what to fix.</summary>
public sealed class MalformedCsvTests
{
    public static TheoryData<string, string> Files() => new()
    {
        { HtcdsFiles.Good(2).Replace(',', ';'), "row 1: Expected comma-separated columns; the header looks separated by ';'" },
        { HtcdsFiles.Csv(HtcdsFiles.Row(1), "EXT-2,\"Given2,Family2,,,,,IT,2026-01-01", HtcdsFiles.Row(3)), "row 3, prs_FirstName: A quoted cell is not closed before the end of the file." },
        { HtcdsFiles.Csv("EXT-1,Gi\"ven,Family,,,,,IT,2026-01-01"), "row 2, prs_FirstName: A quote inside an unquoted cell" },
        { HtcdsFiles.Csv("EXT-1,\"Given\"x,Family,,,,,IT,2026-01-01"), "row 2, prs_FirstName: Unexpected text after a closing quote" },
        { HtcdsFiles.Csv("EXT-1," + new string('a', 10 * 1024 * 1024) + ",Family,,,,,IT,2026-01-01"), "row 2, prs_FirstName: The cell is longer than 10000 characters." },
        { HtcdsFiles.Good(1).Replace("pal_IdentificationDate", "pal_IdentificationDate,favourite_colour").Replace("2026-01-02", "2026-01-02,blue"), "row 1: Unknown columns (nothing was imported; remove them or rename them to HTCDS names): favourite_colour." },
        { HtcdsFiles.Good(1).Replace("pal_ExternalId", "prs_Email"), "row 1: Missing required columns: pal_ExternalId." },
        { HtcdsFiles.Good(1).Replace("prs_Gender", "prs_SecondName"), "row 1, prs_SecondName: The column appears twice." },
        { "", "The file is empty: expected a header row with HTCDS column names." },
        { "\r\n\r\n", "The file is empty: expected a header row with HTCDS column names." },
        { HtcdsFiles.Csv(HtcdsFiles.Row(1), "EXT-2,Given2", HtcdsFiles.Row(3)), "row 3: Expected 9 cells, found 2." },
        { HtcdsFiles.Csv("EXT-1,Giv\0en,Family,,,,,IT,2026-01-01"), "row 2: The file is not text (it contains NUL characters)." },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Import_MalformedFile_RefusedWithOneClearError(string csv, string expected)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo));
        Assert.StartsWith(expected, Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
        Assert.Equal(0, result.Imported);
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Import_FileWithoutItsHeaderRow_IsRefused_WithoutRepeatingTheFirstPersonsData()
    {
        // Found by hand: a file saved without its header row was answered "Unknown columns: …" followed by the first
        // person's names and birth date, on the page, in the API's answer and on the command's standard error.
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Row(1) + "\r\n" + HtcdsFiles.Row(2) + "\r\n", HtcdsFiles.Supervisor(w.Ngo));
        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith("row 1: Row 1 holds no HTCDS column name: the file needs a header row", error, StringComparison.Ordinal);
        foreach (var personal in new[] { "Given1", "Family1", "1999-05-01", "EXT-1" }) Assert.DoesNotContain(personal, error, StringComparison.Ordinal);
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    /// <summary>
    /// A file with a problem on every row (the wrong file, a shifted column) lists the first thousand, then says that
    /// checking stopped there, instead of a count that silently stops at a thousand.
    /// </summary>
    [Fact]
    public async Task Import_MoreThanAThousandProblems_ListsTheFirstThousandAndSaysCheckingStopped()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var rows = Enumerable.Range(1, 1500).Select(i => HtcdsFiles.Row(i, birth: "12/05/1999")).ToArray();
        var result = await t.ImportAsync(HtcdsFiles.Csv(rows), HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal(1001, result.Errors.Count);
        Assert.Equal("row 1001, prs_Birthdate: Use a date in the form YYYY-MM-DD.", result.Errors[999].ToString());
        Assert.Equal(Palermo.Cases.Htcds.HtcdsFile.StoppedChecking, result.Errors[1000].ToString());
        Assert.Equal("more than 1000 problems in the file (the first 1000 are listed)", Palermo.Cases.Htcds.HtcdsFile.Summary(result.Errors));
        Assert.Equal("1 problem(s) in the file", Palermo.Cases.Htcds.HtcdsFile.Summary(result.Errors.Take(1).ToList()));
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    /// <summary>A name with a tab inside a quoted cell (a paste accident) is a row problem naming the column; nothing is saved.</summary>
    [Fact]
    public async Task Import_ControlCharacterInAName_IsARowProblemNamingTheColumn()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Csv(HtcdsFiles.Row(1), "EXT-2,\"Giv\ten\",Family,,,,,IT,2026-01-01"), HtcdsFiles.Supervisor(w.Ngo));
        Assert.Equal("row 3, prs_FirstName: Must be one line of text, without tabs, line breaks or other control characters.", Assert.Single(result.Errors).ToString());
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    /// <summary>
    /// The export of an organisation without cases is a header alone; importing it back is a round trip that imports
    /// nothing, not a malformed file.
    /// </summary>
    [Fact]
    public async Task Import_HeaderOnly_ImportsNothingWithoutAnError()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Header + "\r\n", HtcdsFiles.Supervisor(w.Ngo));
        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Imported);
        Assert.Equal(0, await t.CountCasesAsync(w.Ngo));
    }

    /// <summary>Spreadsheets save empty rows below the data as rows of separators: they are blank lines, not bad rows.</summary>
    [Fact]
    public async Task Import_RowsOfOnlySeparators_AreSkippedAsBlankLines()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Csv(HtcdsFiles.Row(1), ",,,,,,,,", HtcdsFiles.Row(2), ",,,,,,,,", ", , ,,,,,,"), HtcdsFiles.Supervisor(w.Ngo));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Imported);
        Assert.Equal(2, await t.CountCasesAsync(w.Ngo));
    }

    [Fact]
    public async Task Import_Latin1Bytes_RefusedAsNotUtf8()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var bytes = Encoding.Latin1.GetBytes(HtcdsFiles.Csv("EXT-1,José,Family,,,,,IT,2026-01-01"));
        var result = await t.With(sp => sp.Get<Palermo.Cases.Htcds.ImportHtcds>().HandleAsync(new MemoryStream(bytes), HtcdsFiles.Supervisor(w.Ngo)));
        Assert.Contains("The file is not UTF-8 text.", Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_Utf8ByteOrderMarkAndLfLineEnds_Accepted()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var result = await t.ImportAsync(HtcdsFiles.Good(2).Replace("\r\n", "\n", StringComparison.Ordinal), HtcdsFiles.Supervisor(w.Ngo), bom: true);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Imported);
    }

    [Fact]
    public async Task Import_QuotedCellsWithCommasQuotesAndLineBreaks_ReadExactly()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var csv = "pal_ExternalId,prs_FirstName,prs_SecondName,pal_CountryOfDetection,pal_IdentificationDate,cas_Status,cas_ReasonForCaseClosure\r\n"
            + "\"EXT,1\",\"Anna \"\"Ana\"\"\",\"Smith, Jr\",ITA,2026-01-01,Closed,\"Moved\r\nabroad\"\r\n";
        Assert.True((await t.ImportAsync(csv, HtcdsFiles.Supervisor(w.Ngo))).Succeeded);
        var view = await t.With(async sp =>
        {
            var c = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(sp.Db().Cases, x => x.ExternalId == "EXT,1");
            return await sp.Get<Palermo.Cases.GetCase>().HandleAsync(c.Id, w.NgoSupervisor);
        });
        Assert.Equal(("Anna \"Ana\"", "Smith, Jr", "Moved\r\nabroad"), (view.Person!.GivenName, view.Person.FamilyName, view.ClosureReason));
    }
}
