using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>
/// A file's name is personal data ("passport_Adaeze.jpg"). ASP.NET Core's file results log the download name at
/// Information; an operator who turns the framework's logging up to find a fault must not get file names with it.
/// </summary>
public sealed class AttachmentNameLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DownloadNames_StayOutOfTheLogs_EvenWithFrameworkLoggingAtDebug()
    {
        using var web = new PalermoApplication(settings: new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        });
        var org = await web.CreateOrganisationAsync("Logging NGO");
        var worker = await web.SignInAsync(await web.CreateUserAsync(Role.CaseWorker, org.Id));
        var registered = await worker.PostAsJsonAsync("/api/v1/cases", new CaseInput
        {
            GivenName = "Adaeze", CountryOfDetection = "ITA", IdentificationDate = "2026-01-15",
        }, Ct);
        var caseId = (await registered.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
        var added = await worker.PostAsJsonAsync($"/api/v1/cases/{caseId}/attachments",
            new { fileName = "passport_Zerihun.txt", contentType = "text/plain", content = "Passport copy"u8.ToArray() }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var api = await worker.GetAsync($"/api/v1/cases/{caseId}/attachments/{id}", Ct);
        var page = await worker.GetAsync($"/Cases/Attachments/{caseId}?handler=Download&attachmentId={id}", Ct);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (api.StatusCode, page.StatusCode));
        Assert.Equal("passport_Zerihun.txt", api.Content.Headers.ContentDisposition?.FileNameStar ?? api.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains(web.Logs.Lines, l => l.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal)); // the framework did log
        Assert.DoesNotContain(web.Logs.Lines, l => l.Contains("Zerihun", StringComparison.Ordinal) || l.Contains("Adaeze", StringComparison.Ordinal));
    }
}
