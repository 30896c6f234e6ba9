using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Assistance;

/// <summary>The administrator's service catalogue page and API, and what case workers then see.</summary>
public sealed class ServiceCataloguePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminAddsRenamesDeactivates_CasePageStopsOfferingIt_RecordedServiceKeepsItsName()
    {
        using var web = new PalermoApplication();
        var admin = await web.SignInAsAsync(Role.SystemAdministrator);
        var worker = await web.SignInAsAsync(Role.CaseWorker);
        const string url = "/Admin/ServiceTypes";

        var bad = await PalermoApplication.PostFormAsync(admin, url, new() { ["Code"] = "Mental Health", ["Name"] = "Mental health" });
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"code-error\">Use lowercase letters, digits and hyphens only", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Mental Health\"", html, StringComparison.Ordinal);
        var duplicate = await PalermoApplication.PostFormAsync(admin, url, new() { ["Code"] = "shelter", ["Name"] = "Shelter 2" });
        Assert.Contains("id=\"code-error\">This code is already in the catalogue", await duplicate.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var added = await PalermoApplication.PostAndFollowAsync(admin, url, new() { ["Code"] = "mental-health", ["Name"] = "Mental health" });
        html = await added.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Added.", html, StringComparison.Ordinal);
        Assert.Contains("<code>mental-health</code>", html, StringComparison.Ordinal);
        var emptyName = await PalermoApplication.PostFormAsync(admin, url, new() { ["TypeCode"] = "mental-health", ["TypeName"] = "" }, "Rename");
        Assert.Contains("id=\"t-mental-health-name-error\">A name is required.", await emptyName.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await PalermoApplication.PostFormAsync(admin, url, new() { ["TypeCode"] = "mental-health", ["TypeName"] = "Mental health care" }, "Rename");

        var created = await worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct);
        var caseId = (await created.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
        Assert.Contains("<option value=\"mental-health\">Mental health care</option>", await worker.GetStringAsync($"/Cases/View/{caseId}", Ct), StringComparison.Ordinal);
        (await worker.PostAsJsonAsync($"/api/v1/cases/{caseId}/services", new { serviceCode = "mental-health", startDate = "2026-01-16" }, Ct)).EnsureSuccessStatusCode();

        var off = await PalermoApplication.PostAndFollowAsync(admin, url, new() { ["TypeCode"] = "mental-health", ["Active"] = "false" }, "Active");
        html = await off.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Deactivated", html, StringComparison.Ordinal);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/service-types", Ct);
        var row = list.EnumerateArray().Single(t => t.GetProperty("code").GetString() == "mental-health");
        Assert.Equal((false, 1), (row.GetProperty("isActive").GetBoolean(), row.GetProperty("servicesRecorded").GetInt32()));

        var casePage = WebUtility.HtmlDecode(await worker.GetStringAsync($"/Cases/View/{caseId}", Ct));
        Assert.DoesNotContain("<option value=\"mental-health\">", casePage, StringComparison.Ordinal);
        Assert.Contains("Mental health care by", casePage, StringComparison.Ordinal);
        var refused = await worker.PostAsJsonAsync($"/api/v1/cases/{caseId}/services", new { serviceCode = "mental-health", startDate = "2026-01-17" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"serviceCode\"", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var bodyBad = await admin.PostAsJsonAsync("/api/v1/service-types", new { code = "x_y", name = "X" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bodyBad.StatusCode);
        Assert.Contains("\"code\"", await bodyBad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var reactivated = await admin.PutAsJsonAsync("/api/v1/service-types/mental-health", new { isActive = true }, Ct);
        Assert.True((await reactivated.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("isActive").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/service-types/no-such-type", new { isActive = true }, Ct)).StatusCode);

        var doc = await admin.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("\"/api/v1/service-types/{code}\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/cases/{id}/services/{serviceId}\"", doc, StringComparison.Ordinal);
    }
}
