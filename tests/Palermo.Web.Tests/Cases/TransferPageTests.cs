using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>The import/export page: who may reach it, uploads and downloads through the real pages.</summary>
public sealed partial class TransferPageTests : IClassFixture<TransferPageTests.World>
{
    private const string Header = "pal_ExternalId,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,pal_CountryOfDetection,pal_IdentificationDate";
    private readonly World _w;

    public TransferPageTests(World w) => _w = w;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task TransferPage_OnlyCaseSupervisors_OthersGet404()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var client = await _w.Web.SignInAsAsync(role);
            var res = await client.GetAsync("/Cases/Transfer", TestContext.Current.CancellationToken);
            Assert.True((role == Role.CaseSupervisor ? HttpStatusCode.OK : HttpStatusCode.NotFound) == res.StatusCode, $"{role}: {res.StatusCode}");
            var export = await client.PostAsync("/Cases/Transfer?handler=Export", new FormUrlEncodedContent(new Dictionary<string, string> { ["format"] = "htcds" }), TestContext.Current.CancellationToken);
            Assert.NotEqual(HttpStatusCode.OK, export.StatusCode);
        }
    }

    [Fact]
    public async Task UploadThenDownload_IntoAnotherOrganisation_RoundTrips()
    {
        var north = await _w.Web.SignInAsAsync(Role.CaseSupervisor);
        var csv = Header + "\r\n" + string.Join("\r\n", Enumerable.Range(1, 3).Select(i => $"N-{i},Given{i},Family{i},1990-01-0{i},Feminine,UA,IT,2026-01-0{i}")) + "\r\n";
        var page = await UploadAsync(north, Encoding.UTF8.GetBytes(csv));
        Assert.Contains("Imported 3 case(s); skipped 0 already imported.", page, StringComparison.Ordinal);
        Assert.Contains("Imported 0 case(s); skipped 3 already imported.", await UploadAsync(north, Encoding.UTF8.GetBytes(csv)), StringComparison.Ordinal);

        var download = await PostExportAsync(north, "htcds");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("no-store", download.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var exported = await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Given2,,Family2,", Encoding.UTF8.GetString(exported), StringComparison.Ordinal);

        var south = await _w.Web.SignInAsAsync(Role.CaseSupervisor);
        Assert.Contains("Imported 3 case(s)", await UploadAsync(south, exported), StringComparison.Ordinal);
        var json = await PostExportAsync(south, "json");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"pal_ExternalId\": \"N-3\"", await json.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_BadRowsBinaryOrHugeCell_ListsProblemsNotValues()
    {
        var client = await _w.Web.SignInAsAsync(Role.CaseSupervisor);
        var bad = Header + "\r\nB-1,Ok,Fine,1990-01-01,,UA,IT,2026-01-01\r\nB-2,Secret,Name,yesterday,,UA,IT,2026-01-01\r\n";
        var page = await UploadAsync(client, Encoding.UTF8.GetBytes(bad));
        Assert.Contains("Nothing was imported: 1 problem(s) in the file.", page, StringComparison.Ordinal);
        Assert.Contains("row 3, prs_Birthdate: Use a date in the form YYYY-MM-DD.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("yesterday", page, StringComparison.Ordinal);

        var workbook = "PK\u0003\u0004"u8.ToArray().Concat(new byte[100]).ToArray();
        Assert.Contains("This is a spreadsheet workbook, not CSV", WebUtility.HtmlDecode(await UploadAsync(client, workbook)), StringComparison.Ordinal);

        // Over the site's 1 MB limit but within this page's 10 MB: read, and refused for its content, not its size.
        var big = Encoding.UTF8.GetBytes(Header + "\r\nH-1," + new string('x', 2 * 1024 * 1024) + ",,,,,IT,2026-01-01\r\n");
        Assert.Contains("row 2, prs_FirstName: The cell is longer than 10000 characters.", await UploadAsync(client, big), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UnsupportedColumns_RefusedWithoutTheCheckbox_LeftOutAndListedWithIt()
    {
        var client = await _w.Web.SignInAsAsync(Role.CaseSupervisor);
        var csv = Encoding.UTF8.GetBytes("pal_ExternalId,prs_FirstName,pal_CountryOfDetection,pal_IdentificationDate,per_Nationality,org_Type\r\nS-1,Olena,IT,2026-01-05,ALB,NGO\r\n");
        var refused = await UploadAsync(client, csv);
        Assert.Contains("Nothing was imported: 1 problem(s) in the file.", refused, StringComparison.Ordinal);
        Assert.Contains("HTCDS columns Palermo does not read", refused, StringComparison.Ordinal);
        Assert.Contains("Leave out the HTCDS columns Palermo does not read", refused, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" name=\"skipUnsupported\" value=\"true\" aria-describedby=\"skip-help\">", refused, StringComparison.Ordinal);

        var page = await UploadAsync(client, csv, skipUnsupported: true);
        Assert.Contains("Imported 1 case(s); skipped 0 already imported.", page, StringComparison.Ordinal);
        Assert.Contains("Columns left out, not read: per_Nationality.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OverTenMegabytes_Refused413_OtherPagesKeepOneMegabyte()
    {
        var client = await _w.Web.SignInAsAsync(Role.CaseSupervisor);
        var tooBig = await UploadResponseAsync(client, new byte[11 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        var register = await client.PostAsync("/Cases/Register", new ByteArrayContent(new byte[2 * 1024 * 1024]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, register.StatusCode);
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] file, bool skipUnsupported = false)
    {
        var res = await UploadResponseAsync(client, file, skipUnsupported);
        // Imported: redirected to the page (a reload does not offer to upload again); refused: the page with the problems.
        if (res.StatusCode == HttpStatusCode.SeeOther) res = await PalermoApplication.FollowAsync(client, res, "/Cases/Transfer");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        return WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<HttpResponseMessage> UploadResponseAsync(HttpClient client, byte[] file, bool skipUnsupported = false)
    {
        using var form = new MultipartFormDataContent { { new StringContent(await TokenAsync(client)), "__af" }, { new ByteArrayContent(file), "file", "cases.csv" } };
        if (skipUnsupported) form.Add(new StringContent("true"), "skipUnsupported");
        return await client.PostAsync("/Cases/Transfer?handler=Import", form, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> PostExportAsync(HttpClient client, string format) =>
        await client.PostAsync("/Cases/Transfer?handler=Export",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["format"] = format, ["__af"] = await TokenAsync(client) }), TestContext.Current.CancellationToken);

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Cases/Transfer", TestContext.Current.CancellationToken);
        return AntiforgeryField().Match(page).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
