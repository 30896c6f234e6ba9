using Palermo.Statistics;
using Palermo.Statistics.Ctdc;

namespace Palermo.Tests.Statistics;

public sealed class CtdcExportTests
{
    private static readonly string[] Genders = ["Man", "Woman", "Trans/Transgender/NonConforming", ""];
    private static readonly string[] AgeBands = ["0--8", "09--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+", ""];
    private static readonly string[] Months = ["0--12 (0-1 yr)", "13--24 (1-2 yrs)", "25+ (2+ yrs)", ""];

    private static (CtdcReport Report, List<string[]> Rows, string Header) Export(StatisticsRecord[] records, int k, bool unsuppressed = false)
    {
        var writer = new StringWriter();
        var report = CtdcExporter.Export(records, new StatisticsQuery(), TestData.Countries, writer, k, unsuppressed);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var first = unsuppressed ? 1 : 0;
        return (report, lines.Skip(first + 1).Select(l => l.Split(',')).ToList(), lines[first]);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(5)]
    public void Export_GeneratedVictims_EveryQuasiIdentifierGroupHasAtLeastK(int k)
    {
        var (report, rows, _) = Export(TestData.Records(8_000, 3), k);

        var groups = rows.GroupBy(r => string.Join('|', r[..5])).ToList();
        Assert.All(groups, g => Assert.True(g.Count() >= k, $"group {g.Key} has {g.Count()} rows"));
        Assert.Equal(report.RowsWritten, rows.Count);
        Assert.Equal(report.Persons, report.RowsWritten + report.RowsSuppressed);
        Assert.True(report.CitizenshipSuppressed > 0, "rare citizenships must be generalised");
        Assert.True(report.RowsWritten > report.Persons * 0.9, "most rows survive");
    }

    [Fact]
    public void Export_GeneratedVictims_FieldNamesAndValueSpellingsAreCtdc()
    {
        var (_, rows, header) = Export(TestData.Records(3_000, 4), 11);

        Assert.Equal(string.Join(',', CtdcFields.Header), header);
        Assert.Equal(27, CtdcFields.Header.Length);
        Assert.All(rows, r =>
        {
            Assert.Equal(27, r.Length);
            Assert.Matches("^20[0-9]{2}$", r[0]);
            Assert.Contains(r[1], Genders);
            Assert.Contains(r[2], AgeBands);
            Assert.Matches("^([A-Z]{3})?$", r[3]);
            Assert.Matches("^([A-Z]{3})?$", r[4]);
            Assert.Contains(r[5], Months);
            Assert.All(r[6..], flag => Assert.True(flag is "1" or "", "binary fields are 1 or empty, never 0"));
        });
    }

    [Fact]
    public void Export_SamePersonTwice_OneRow()
    {
        var records = Enumerable.Range(0, 12).Select(i => TestData.Victim(i, "2022-03-01"))
            .Append(TestData.Victim(3, "2022-04-01")).ToArray();

        var (report, rows, _) = Export(records, 11);

        Assert.Equal(12, report.Persons);
        Assert.Equal(12, rows.Count);
    }

    [Fact]
    public void Export_UnsuppressedNationalData_NoticeFirstAndNothingGeneralised()
    {
        var writer = new StringWriter();
        var report = CtdcExporter.Export([TestData.Victim(1, "2022-01-01")], new StatisticsQuery(), TestData.Countries, writer, 11, unsuppressedNationalData: true);

        Assert.StartsWith("# UNSUPPRESSED NATIONAL DATA - NOT FOR PUBLICATION\n", writer.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, report.RowsWritten);
        Assert.Contains("\n2022,Woman,,ITA,ITA,", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_SuspectRecords_NotInVictimFile()
    {
        var victims = Enumerable.Range(0, 12).Select(i => TestData.Victim(i, "2022-03-01"));
        var suspects = Enumerable.Range(100, 30).Select(i => TestData.Victim(i, "2022-03-01") with { Indicator = Indicator.Suspects });

        var (report, rows, _) = Export(victims.Concat(suspects).ToArray(), 11);

        Assert.Equal(12, rows.Count);
        Assert.Contains("12 of 12 persons written", report.Describe(), StringComparison.Ordinal);
    }
}
