using System.IO.Compression;
using System.Text.Json;
using Palermo.Statistics;
using Palermo.Statistics.Disclosure;
using Palermo.Statistics.Export;

namespace Palermo.Tests.Statistics;

public sealed class ExportTests
{
    private static readonly Lazy<Publication> Protected = new(() =>
        Publication.Protect(StatisticsEngine.Compute(TestData.Records(2_000, 11, 2021, 2022), new StatisticsQuery(), TestData.Countries)));

    private static string Text(Action<TextWriter> write)
    {
        var writer = new StringWriter();
        write(writer);
        return writer.ToString();
    }

    [Fact]
    public void TidyCsv_ProtectedPublication_HeaderAndOnlyCountsOrSuppressionMarks()
    {
        var lines = Text(w => TidyCsvWriter.Write(Protected.Value, w)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("indicator,year,country,sex,age,exploitation,citizenship,flow,value", lines[0]);
        var values = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(values, v => Assert.Equal(9, v.Length));
        Assert.All(values, v => Assert.True(v[8] is "<5" or "x" || int.TryParse(v[8], out var n) && (n == 0 || n >= 5), v[8]));
        Assert.Contains(values, v => v[8] == "<5");
        Assert.Contains(values, v => v[8] == "x");
        Assert.Contains(values, v => v is ["DETECTED_VICTIMS", "2022", "_T", "_T", "_T", "_T", "_T", "_T", _]);
        Assert.Equal(values.Count, values.Select(v => string.Join(',', v.Take(8))).Distinct().Count());
    }

    [Fact]
    public void SdmxCsv_ProtectedPublication_FollowsSdmxCsv2Rules()
    {
        var lines = Text(w => SdmxCsvWriter.Write(Protected.Value, w)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');

        Assert.Equal(["STRUCTURE", "STRUCTURE_ID", "ACTION"], header[..3]);
        Assert.Equal(["OBS_VALUE", "CONF_STATUS"], header[^2..]);
        Assert.Contains("TIME_PERIOD", header);
        foreach (var row in lines.Skip(1).Select(l => l.Split(',')))
        {
            Assert.Equal(header.Length, row.Length);
            Assert.Equal("dataflow", row[0]);
            Assert.Matches(@"^[A-Z][A-Z0-9_]*:[A-Z][A-Z0-9_]*\(\d+\.\d+\)$", row[1]);
            Assert.Equal("I", row[2]);
            var (value, status) = (row[^2], row[^1]);
            Assert.True(value == "NaN" ? status == "C" : status == "F" && int.TryParse(value, out _), $"{value},{status}");
        }

        Assert.Contains(lines, l => l.EndsWith(",NaN,C", StringComparison.Ordinal));
    }

    [Fact]
    public void SdmxCsv_Areas_AreM49CodesOfTheTidyCsvCountries()
    {
        var sdmx = Text(w => SdmxCsvWriter.Write(Protected.Value, w)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var tidy = Text(w => TidyCsvWriter.Write(Protected.Value, w)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        int refArea = Array.IndexOf(sdmx[0], "REF_AREA"), citizenship = Array.IndexOf(sdmx[0], "CITIZENSHIP");
        var countries = Protected.Value.Cube.Countries;

        // Same observations in the same order: each alpha-3 country of the tidy file is its M49 code in SDMX.
        Assert.Equal(tidy.Count, sdmx.Count - 1);
        for (var i = 0; i < tidy.Count; i++)
        {
            foreach (var (tidyColumn, sdmxColumn) in new[] { (2, refArea), (6, citizenship) })
            {
                var code = tidy[i][tidyColumn];
                var expected = code.Length == 3 && countries.TryFind(code, out var c) && c.M49 != "" ? c.M49 : code;
                Assert.Equal(expected, sdmx[i + 1][sdmxColumn]);
            }
        }

        Assert.Contains(sdmx.Skip(1), row => row[refArea].Length == 3 && row[refArea].All(char.IsAsciiDigit));
        Assert.Equal("380", SdmxCsvWriter.Area("ITA", countries));
        Assert.Equal("004", SdmxCsvWriter.Area("AFG", countries));
        Assert.Equal("SOUTH_ASIA", SdmxCsvWriter.Area("SOUTH_ASIA", countries));
        Assert.Equal("XKX", SdmxCsvWriter.Area("XKX", countries));
        Assert.DoesNotContain(sdmx.Skip(1), row => row[refArea].Length == 3 && char.IsAsciiLetter(row[refArea][0]));
    }

    [Fact]
    public void Json_ProtectedPublication_SuppressedValuesAreStrings()
    {
        using var stream = new MemoryStream();
        JsonStatisticsWriter.Write(Protected.Value, stream);
        using var doc = JsonDocument.Parse(stream.ToArray());

        var values = doc.RootElement.GetProperty("observations").EnumerateArray().Select(o => o.GetProperty("value")).ToList();
        Assert.Contains(values, v => v.ValueKind == JsonValueKind.String && v.GetString() == "<5");
        Assert.All(values.Where(v => v.ValueKind == JsonValueKind.Number), v => Assert.True(v.GetInt32() is 0 or >= 5));
        Assert.False(doc.RootElement.GetProperty("unsuppressed").GetBoolean());
    }

    [Fact]
    public void Xlsx_ProtectedPublication_HasGlobalReportSheetsAndNoSmallNumbers()
    {
        using var stream = new MemoryStream();
        XlsxStatisticsWriter.Write(Protected.Value, stream);
        using var zip = new ZipArchive(new MemoryStream(stream.ToArray()));

        var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd();
        Assert.All(XlsxStatisticsWriter.SheetNames, name => Assert.Contains($"name=\"{name}\"", workbook, StringComparison.Ordinal));
        Assert.All(zip.Entries, e => System.Xml.Linq.XDocument.Load(e.Open()));
        var sexAge = new StreamReader(zip.GetEntry("xl/worksheets/sheet2.xml")!.Open()).ReadToEnd();
        Assert.Contains("&lt;5", sexAge, StringComparison.Ordinal);
        Assert.DoesNotMatch("<v>[1-4]</v>", sexAge);
    }

    [Fact]
    public void AllWriters_UnsuppressedNationalData_FirstLineSaysNotForPublication()
    {
        var publication = Publication.UnsuppressedNationalData(StatisticsEngine.Compute([TestData.Victim(1, "2022-01-01")], new StatisticsQuery(), TestData.Countries));
        const string Notice = "# UNSUPPRESSED NATIONAL DATA - NOT FOR PUBLICATION";

        Assert.StartsWith(Notice + "\n", Text(w => TidyCsvWriter.Write(publication, w)), StringComparison.Ordinal);
        Assert.StartsWith(Notice + "\n", Text(w => SdmxCsvWriter.Write(publication, w)), StringComparison.Ordinal);
        using var json = new MemoryStream();
        JsonStatisticsWriter.Write(publication, json);
        Assert.StartsWith("{\"notice\":\"UNSUPPRESSED NATIONAL DATA", System.Text.Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);
        using var xlsx = new MemoryStream();
        XlsxStatisticsWriter.Write(publication, xlsx);
        using var zip = new ZipArchive(new MemoryStream(xlsx.ToArray()));
        var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
        Assert.Contains("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>UNSUPPRESSED NATIONAL DATA", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFile_ExistingFile_ReplacedWholeWithNoTempLeft()
    {
        var folder = Directory.CreateTempSubdirectory("palermo-stats-");
        try
        {
            var path = Path.Combine(folder.FullName, "stats.csv");
            File.WriteAllText(path, "old");
            TidyCsvWriter.WriteFile(Protected.Value, path);

            Assert.StartsWith(TidyCsvWriter.Header, File.ReadAllText(path), StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void WriteFile_UnwritablePath_OneClearErrorNamingPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "palermo-no-such-folder-" + Guid.NewGuid().ToString("N"), "stats.csv");

        var ex = Assert.Throws<StatisticsException>(() => SdmxCsvWriter.WriteFile(Protected.Value, path));
        Assert.Equal("path", ex.Field);
        Assert.Contains("Cannot write", ex.Message, StringComparison.Ordinal);
    }
}
