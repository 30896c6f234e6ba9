using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>HTCDS import and export under /api/v1, as on /Cases/Transfer (before, only the page offered them).</summary>
public sealed class CaseTransferApiTests
{
    private const string Header = "pal_ExternalId,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,pal_CountryOfDetection,pal_IdentificationDate";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Csv(string text, string type = "text/csv") => new(text, Encoding.UTF8, type);

    [Fact]
    public async Task ImportThenExport_ThroughTheApi_RoundTrips_BadRowsNameRowAndColumn_OthersGet404()
    {
        await using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Import NGO");
        var supervisor = await app.SignInAsync(await app.CreateUserAsync(Role.CaseSupervisor, org.Id));
        var csv = Header + "\r\n" + string.Join("\r\n", Enumerable.Range(1, 3).Select(i => $"A-{i},Given{i},Family{i},1990-01-0{i},Feminine,UA,IT,2026-01-0{i}")) + "\r\n";

        var res = await supervisor.PostAsync("/api/v1/cases/import", Csv(csv), Ct);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(3, (await res.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("imported").GetInt32());
        var again = await (await supervisor.PostAsync("/api/v1/cases/import", Csv(csv), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(3, again.GetProperty("skipped").GetInt32());

        var bad = await supervisor.PostAsync("/api/v1/cases/import", Csv(Header + "\r\nB-1,Secret,Name,yesterday,,UA,IT,2026-01-01\r\n"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"row 2, prs_Birthdate\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("yesterday", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", body, StringComparison.Ordinal);
        // A flag that is neither true nor false names itself; true is read.
        var flag = await supervisor.PostAsync("/api/v1/cases/import?skipUnsupported=maybe", Csv(csv), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, flag.StatusCode);
        Assert.Equal("skipUnsupported", Assert.Single((await flag.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject()).Name);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync("/api/v1/cases/import?skipUnsupported=true", Csv(csv), Ct)).StatusCode);
        // A form post (text/plain, what a cross-site form can send) is refused, and so is a workbook.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await supervisor.PostAsync("/api/v1/cases/import", Csv(csv, "text/plain"), Ct)).StatusCode);
        var workbook = new ByteArrayContent("PK\u0003\u0004"u8.ToArray().Concat(new byte[100]).ToArray());
        workbook.Headers.ContentType = new("text/csv");
        Assert.Contains("spreadsheet workbook", await (await supervisor.PostAsync("/api/v1/cases/import", workbook, Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var export = await supervisor.PostAsJsonAsync("/api/v1/cases/export", new { format = "htcds" }, Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("no-store", export.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("Given2,,Family2,", await export.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var json = await supervisor.PostAsJsonAsync("/api/v1/cases/export", new { format = "json" }, Ct);
        Assert.Contains("\"pal_ExternalId\": \"A-3\"", await json.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var unknown = await supervisor.PostAsJsonAsync("/api/v1/cases/export", new { format = "xlsx" }, Ct);
        Assert.Contains("\"format\"", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Roles without the import/export permission get 404, as on the page.
        var worker = await app.SignInAsync(await app.CreateUserAsync(Role.CaseWorker, org.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await worker.PostAsync("/api/v1/cases/import", Csv(csv), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.PostAsJsonAsync("/api/v1/cases/export", new { format = "htcds" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Import_OverTheSiteLimitButWithinTenMegabytes_IsRead()
    {
        await using var app = new PalermoApplication();
        var supervisor = await app.SignInAsAsync(Role.CaseSupervisor);
        var big = Header + "\r\nH-1," + new string('x', 2 * 1024 * 1024) + ",,,,,IT,2026-01-01\r\n";
        var res = await supervisor.PostAsync("/api/v1/cases/import", Csv(big), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("\"row 2, prs_FirstName\"", await res.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var tooBig = await supervisor.PostAsync("/api/v1/cases/import", Csv(new string('x', 11 * 1024 * 1024)), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }
}
