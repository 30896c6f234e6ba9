using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Assistance;

/// <summary>Recording a service and then what became of it, through the case page's forms (no JavaScript).</summary>
public sealed class ServicePageTests : IClassFixture<CaseFilesPageTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly CaseFilesPageTests.World _w;

    public ServicePageTests(CaseFilesPageTests.World w) => _w = w;

    private async Task<JsonElement> ServiceAsync(string outcomeOrCode) =>
        (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct)).GetProperty("services").EnumerateArray()
            .Last(s => s.GetProperty("serviceCode").GetString() == outcomeOrCode);

    [Fact]
    public async Task RecordThenDeliver_OnTheCasePage_ErrorsStayOnTheirRow_TypedValuesKept_StaleFormIsAConflict()
    {
        var url = $"/Cases/View/{_w.CaseId}";
        var bad = await PalermoApplication.PostFormAsync(_w.Worker, url, new()
        {
            ["ServiceCode"] = "interpretation", ["StartDate"] = "2026-01-20", ["ServiceEndDate"] = "2026-01-19", ["ServiceStatus"] = "Delivered", ["ServiceOutcome"] = "Typed outcome",
        }, "Service");
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<p class=\"field-error\" id=\"endDate-error\">", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Typed outcome\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"interpretation\" selected=\"selected\">", html, StringComparison.Ordinal);

        var recorded = await PalermoApplication.PostAndFollowAsync(_w.Worker, url, new()
        {
            ["ServiceCode"] = "interpretation", ["StartDate"] = "2026-01-20", ["ServiceEndDate"] = "", ["ServiceStatus"] = "Planned", ["ServiceOutcome"] = "",
        }, "Service");
        Assert.Contains("Service recorded.", await recorded.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var s = await ServiceAsync("interpretation");
        var id = s.GetProperty("id").GetGuid();
        var version = s.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = $"s{id:N}";
        var page = await _w.Worker.GetStringAsync(url, Ct);
        Assert.Contains($"<label for=\"{key}-status\">Status</label>", page, StringComparison.Ordinal);

        // A finished service cannot end in the future: the error is on this row's end date, the typed values stay.
        var refused = await PalermoApplication.PostFormAsync(_w.Worker, url, new()
        {
            ["ServiceId"] = id.ToString(), ["ServiceVersion"] = version, ["SvcStatus"] = "Delivered", ["SvcEndDate"] = "2099-01-01", ["SvcOutcome"] = "Three sessions",
        }, "UpdateService");
        html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"<p class=\"field-error\" id=\"{key}-endDate-error\">", html, StringComparison.Ordinal);
        Assert.Contains($"aria-describedby=\"{key}-endDate-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"2099-01-01\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Three sessions\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"endDate-error\"", html, StringComparison.Ordinal);
        Assert.Equal("Planned", (await ServiceAsync("interpretation")).GetProperty("status").GetString());

        var saved = await PalermoApplication.PostAndFollowAsync(_w.Worker, url, new()
        {
            ["ServiceId"] = id.ToString(), ["ServiceVersion"] = version, ["SvcStatus"] = "Delivered", ["SvcEndDate"] = "2026-02-03", ["SvcOutcome"] = "Three sessions",
        }, "UpdateService");
        html = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Service updated.", html, StringComparison.Ordinal);
        Assert.Contains("Interpretation by", html, StringComparison.Ordinal);
        Assert.Contains("from 2026-01-20 to 2026-02-03 — <strong>Delivered</strong>: Three sessions", html, StringComparison.Ordinal);
        var stored = await ServiceAsync("interpretation");
        Assert.Equal(("2026-02-03", "Three sessions"), (stored.GetProperty("endDate").GetString(), stored.GetProperty("outcome").GetString()));

        // The same form again (the old version): someone changed it since; nothing saved, the message says so.
        var stale = await PalermoApplication.PostFormAsync(_w.Worker, url, new()
        {
            ["ServiceId"] = id.ToString(), ["ServiceVersion"] = version, ["SvcStatus"] = "Delivered", ["SvcEndDate"] = "2026-02-04", ["SvcOutcome"] = "Overwritten?",
        }, "UpdateService");
        html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Ct));
        Assert.Contains("changed by someone else since you opened it", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Overwritten?\"", html, StringComparison.Ordinal);
        Assert.Equal("Three sessions", (await ServiceAsync("interpretation")).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task OpenService_IsNamedAboveTheCloseForm_UntilDelivered()
    {
        var url = $"/Cases/View/{_w.CaseId}";
        var recorded = await PalermoApplication.PostAndFollowAsync(_w.Worker, url, new()
        {
            ["ServiceCode"] = "legal-aid", ["StartDate"] = "2026-01-21", ["ServiceEndDate"] = "", ["ServiceStatus"] = "InProgress", ["ServiceOutcome"] = "",
        }, "Service");
        Assert.Contains("Service recorded.", await recorded.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync(url, Ct));
        var open = OpenWork(page);
        Assert.Contains("closing the case does not end them", open, StringComparison.Ordinal);
        Assert.Matches("<li>Legal aid by [^<]+: In progress</li>", open);

        var s = await ServiceAsync("legal-aid");
        var delivered = await PalermoApplication.PostAndFollowAsync(_w.Worker, url, new()
        {
            ["ServiceId"] = s.GetProperty("id").GetString()!, ["ServiceVersion"] = s.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SvcStatus"] = "Delivered", ["SvcEndDate"] = "2026-02-01", ["SvcOutcome"] = "Advice given",
        }, "UpdateService");
        Assert.Contains("Service updated.", await delivered.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        page = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync(url, Ct));
        Assert.DoesNotContain("Legal aid by", OpenWork(page), StringComparison.Ordinal);
    }

    /// <summary>The "still open" list above the close form, or "" when nothing is open.</summary>
    private static string OpenWork(string page)
    {
        var start = page.IndexOf("id=\"open-work\"", StringComparison.Ordinal);
        return start < 0 ? "" : page[start..page.IndexOf("</div>", start, StringComparison.Ordinal)];
    }
}
