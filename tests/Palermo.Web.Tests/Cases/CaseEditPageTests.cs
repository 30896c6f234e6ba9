using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>Editing case facts, the support plan form, and attaching a screening, through the real pages.</summary>
public sealed class CaseEditPageTests : IClassFixture<CaseFilesPageTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly CaseFilesPageTests.World _w;

    public CaseEditPageTests(CaseFilesPageTests.World w) => _w = w;

    private static Dictionary<string, string> Form(long version, string risk) => new()
    {
        ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.IdentificationDate"] = "2026-01-15",
        ["Input.CountryOfDetection"] = "FR", ["Input.TraffickingStatus"] = "PossibleVictimOfTrafficking", ["Input.Risk"] = risk,
        ["Input.Exploitation"] = "ForcedLabour", ["EventTypes"] = "Recruitment", ["EventCountries"] = "NG", ["EventDates"] = "2025-06-01",
    };

    private async Task<long> VersionAsync() => (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct)).GetProperty("version").GetInt64();

    [Fact]
    public async Task EditFacts_SavesAndReturnsToTheCase_StaleFormShowsTheConflictAndKeepsTheInput()
    {
        var url = $"/Cases/Edit/{_w.CaseId}";
        var v = await VersionAsync();
        var saved = await PalermoApplication.PostFormAsync(_w.Worker, url, Form(v, "High"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var view = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct);
        Assert.Equal("FRA", view.GetProperty("countryOfDetection").GetString());

        var stale = await PalermoApplication.PostFormAsync(_w.Worker, url, Form(v, "Low"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Ct));
        Assert.Contains("changed by someone else since you opened it", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Low\" selected=\"selected\">Low</option>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Risk</dt><dd>High</dd>", await _w.Worker.GetStringAsync($"/Cases/View/{_w.CaseId}", Ct), StringComparison.Ordinal);

        var bad = await PalermoApplication.PostFormAsync(_w.Worker, url, new(Form(await VersionAsync(), "High")) { ["Input.CountryOfDetection"] = "ZZ" });
        Assert.Contains("id=\"countryOfDetection-error\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData(null)]
    public async Task EditFacts_VersionMissingOrUnreadable_SavesNothing(string? version)
    {
        var url = $"/Cases/Edit/{_w.CaseId}";
        var before = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct);
        var form = Form(await VersionAsync(), "Low");
        form["Input.CountryOfDetection"] = "ES";
        if (version is null) form.Remove("Version");
        else form["Version"] = version;
        var res = await PalermoApplication.PostFormAsync(_w.Worker, url, form);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("came without its version", WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var after = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct);
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(before.GetProperty("countryOfDetection").GetString(), after.GetProperty("countryOfDetection").GetString());
        Assert.NotEqual("ESP", after.GetProperty("countryOfDetection").GetString());
    }

    [Fact]
    public async Task EditFacts_RelationshipAndRecruitment_SavedShownAndInTheApi_UnknownValueIsAFieldError()
    {
        var url = $"/Cases/Edit/{_w.CaseId}";
        var form = new Dictionary<string, string>(Form(await VersionAsync(), "High"))
        {
            ["Input.RelationshipToTrafficker"] = "Unaquainted", ["Input.MethodsOfRecruitment"] = "ThroughAnOnlineAdvertisement;AtWork",
            ["EventCities"] = "Benin City",
        };
        var saved = await PalermoApplication.PostFormAsync(_w.Worker, url, form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var view = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct);
        Assert.Equal(nameof(RelationshipToTrafficker.Unaquainted), view.GetProperty("relationshipToTrafficker").GetString());
        Assert.Equal(["AtWork", "ThroughAnOnlineAdvertisement"], view.GetProperty("methodsOfRecruitment").EnumerateArray().Select(x => x.GetString()));
        var page = await _w.Worker.GetStringAsync($"/Cases/View/{_w.CaseId}", Ct);
        Assert.Contains("<dt>Relationship to the trafficker</dt><dd>Unacquainted</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Methods of recruitment</dt><dd>At work, Through an online advertisement</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Recruitment</dt><dd>Benin City, NGA 2025-06-01</dd>", page, StringComparison.Ordinal);
        Assert.Equal("Benin City", view.GetProperty("events")[0].GetProperty("city").GetString());
        var edit = await _w.Worker.GetStringAsync(url, Ct);
        Assert.Contains("<option value=\"Unaquainted\" selected=\"selected\">Unacquainted</option>", edit, StringComparison.Ordinal);
        Assert.Contains("value=\"AtWork\" checked=\"checked\"", edit, StringComparison.Ordinal);
        Assert.Contains("name=\"EventCities\" maxlength=\"100\" value=\"Benin City\"", edit, StringComparison.Ordinal);

        var bad = await PalermoApplication.PostFormAsync(_w.Worker, url, new(form) { ["Version"] = (await VersionAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.RelationshipToTrafficker"] = "Stranger" });
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("aria-describedby=\"relationshipToTrafficker-error\"", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"field-error\" id=\"relationshipToTrafficker-error\">Unknown value. Use one of: Familial, Acquainted, Unaquainted.</p>", html, StringComparison.Ordinal);
        var unchanged = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct);
        Assert.Equal(nameof(RelationshipToTrafficker.Unaquainted), unchanged.GetProperty("relationshipToTrafficker").GetString());

        var api = await _w.Worker.PostAsJsonAsync("/api/v1/cases", new { givenName = "Api", countryOfDetection = "ITA", identificationDate = "2026-01-10", methodsOfRecruitment = new[] { "ByCarrierPigeon" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("methodsOfRecruitment", await api.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditFacts_IncomingReferral_SavedShownAndInTheApi_ReasonWithoutOrganisationIsAFieldError()
    {
        var url = $"/Cases/Edit/{_w.CaseId}";
        var form = new Dictionary<string, string>(Form(await VersionAsync(), "Medium"))
        {
            ["Input.ReferringOrganisation"] = "La Strada Ukraine", ["Input.IncomingReferralDate"] = "2026-01-10", ["Input.ReasonForIncomingReferral"] = "MigrationOrChangeOfLocation",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await PalermoApplication.PostFormAsync(_w.Worker, url, form)).StatusCode);
        var page = await _w.Worker.GetStringAsync($"/Cases/View/{_w.CaseId}", Ct);
        Assert.Contains("<dt>Referred by</dt><dd>La Strada Ukraine on 2026-01-10 (migration or change of location)</dd>", page, StringComparison.Ordinal);
        var incoming = (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct)).GetProperty("incomingReferral");
        Assert.Equal(("La Strada Ukraine", "2026-01-10"), (incoming.GetProperty("organisation").GetString(), incoming.GetProperty("date").GetString()));
        var edit = await _w.Worker.GetStringAsync(url, Ct);
        Assert.Contains("<option value=\"MigrationOrChangeOfLocation\" selected=\"selected\">Migration or change of location</option>", edit, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.ReferringOrganisation\" type=\"text\" value=\"La Strada Ukraine\"", edit, StringComparison.Ordinal);

        var bad = await PalermoApplication.PostFormAsync(_w.Worker, url, new(form)
        {
            ["Version"] = (await VersionAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.ReferringOrganisation"] = "",
        });
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"reasonForIncomingReferral-error\">A reason for the incoming referral needs the referring organisation.</p>", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"reasonForIncomingReferral-error\"", html, StringComparison.Ordinal);
        Assert.Contains("La Strada Ukraine", await _w.Worker.GetStringAsync($"/Cases/View/{_w.CaseId}", Ct), StringComparison.Ordinal);

        var api = await _w.Worker.PostAsJsonAsync("/api/v1/cases", new { givenName = "Api", countryOfDetection = "ITA", identificationDate = "2026-01-10", referringOrganisation = "Caritas", incomingReferralDate = "2099-01-01" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("incomingReferralDate", await api.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditFacts_Perpetrator_SavedShownAndInTheApi_BadAgeIsAFieldError()
    {
        var url = $"/Cases/Edit/{_w.CaseId}";
        var form = new Dictionary<string, string>(Form(await VersionAsync(), "Medium"))
        {
            ["Input.PerpetratorRoles"] = "Exploiter", ["Input.PerpetratorFirstName"] = "Dritan", ["Input.PerpetratorSecondName"] = "Kastrati",
            ["Input.PerpetratorGender"] = "Masculine", ["Input.PerpetratorAge"] = "44", ["Input.PerpetratorCitizenships"] = "AL; IT",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await PalermoApplication.PostFormAsync(_w.Worker, url, form)).StatusCode);
        var page = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync($"/Cases/View/{_w.CaseId}", Ct));
        Assert.Contains("<dt>Perpetrator's role</dt><dd>Exploiter</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Perpetrator</dt><dd>Dritan Kastrati · Masculine · aged about 44 · ALB, ITA</dd>", page, StringComparison.Ordinal);
        var per = (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct)).GetProperty("perpetrator");
        Assert.Equal(("Kastrati", 44), (per.GetProperty("secondName").GetString(), per.GetProperty("age").GetInt32()));
        var edit = await _w.Worker.GetStringAsync(url, Ct);
        Assert.Contains("name=\"Input.PerpetratorCitizenships\" type=\"text\" value=\"ALB; ITA\"", edit, StringComparison.Ordinal);
        Assert.Contains("value=\"Exploiter\" checked=\"checked\"", edit, StringComparison.Ordinal);

        var bad = await PalermoApplication.PostFormAsync(_w.Worker, url, new(form)
        {
            ["Version"] = (await VersionAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.PerpetratorAge"] = "old",
        });
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("aria-describedby=\"perpetratorAge-error\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(_w.Web.Logs.Lines, l => l.Contains("Kastrati", StringComparison.Ordinal));

        // A browser posts every field, the empty ones too: an emptied perpetrator is removed, not an error.
        var emptied = new Dictionary<string, string>(Form(await VersionAsync(), "Medium"))
        {
            ["Input.PerpetratorFirstName"] = "", ["Input.PerpetratorSecondName"] = "", ["Input.PerpetratorGender"] = "", ["Input.PerpetratorBirthDate"] = "",
            ["Input.PerpetratorAge"] = "", ["Input.PerpetratorCitizenships"] = "", ["Input.MailingCountry"] = "", ["Input.ReferringOrganisation"] = "",
            ["Input.IncomingReferralDate"] = "", ["Input.ReasonForIncomingReferral"] = "",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await PalermoApplication.PostFormAsync(_w.Worker, url, emptied)).StatusCode);
        var none = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct);
        Assert.Equal((JsonValueKind.Null, 0), (none.GetProperty("perpetrator").ValueKind, none.GetProperty("perpetratorRoles").GetArrayLength()));
    }

    [Fact]
    public async Task SupportPlan_FromTheCasePage_ErrorsNameTheField()
    {
        var url = $"/Cases/View/{_w.CaseId}";
        var none = await PalermoApplication.PostFormAsync(_w.Worker, url, new() { ["Objectives"] = "x" }, "Plan");
        Assert.Contains("id=\"types-error\"", await none.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var view = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.CaseId}", Ct);
        var form = new Dictionary<string, string> { ["PlanTypes"] = "Legal", ["Objectives"] = "Residence permit", ["PlannedEndDate"] = "2026-12-31" };
        if (view.GetProperty("supportPlan").ValueKind != JsonValueKind.Null) form["PlanVersion"] = view.GetProperty("supportPlan").GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ok = await PalermoApplication.PostAndFollowAsync(_w.Worker, url, form, "Plan");
        var page = WebUtility.HtmlDecode(await ok.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Support plan saved.", page, StringComparison.Ordinal);
        Assert.Contains("Residence permit", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screening_AttachedFromTheCasePage_IsListedAsAttached()
    {
        var res = await _w.Worker.PostAsJsonAsync("/api/v1/screenings", new { listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators = Array.Empty<string>() }, Ct);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var screening = (await res.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var url = $"/Cases/Screenings/{_w.CaseId}";
        Assert.Contains(screening.ToString(), await _w.Worker.GetStringAsync(url, Ct), StringComparison.Ordinal);

        var none = await PalermoApplication.PostFormAsync(_w.Worker, url, []);
        Assert.Contains("id=\"screeningId-error\"", await none.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var attached = await PalermoApplication.PostAndFollowAsync(_w.Worker, url, new() { ["ScreeningId"] = screening.ToString() });
        var page = await attached.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Screening attached to the case.", page, StringComparison.Ordinal);
        Assert.Contains($"/Screening/Result/{screening}", page, StringComparison.Ordinal);
        var s = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/screenings/{screening}", Ct);
        Assert.Equal(_w.CaseId, s.GetProperty("caseId").GetGuid());
    }

    [Fact]
    public async Task Screening_AttachedMeanwhileToAnotherCase_TheRefusalIsShown_NotASilentReload()
    {
        // Found by hand with two tabs: the second "Attach" of the same screening to another case reloaded the page with
        // no message at all ("caseId" was the error's field; the page shows "screeningId" and only model-level summaries).
        var res = await _w.Worker.PostAsJsonAsync("/api/v1/screenings", new { listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators = Array.Empty<string>() }, Ct);
        var screening = (await res.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var other = await _w.Worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct);
        var otherCase = (await other.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("caseId").GetGuid();
        var url = $"/Cases/Screenings/{_w.CaseId}";
        Assert.Contains(screening.ToString(), await _w.Worker.GetStringAsync(url, Ct), StringComparison.Ordinal); // the first tab's choice
        Assert.Equal(HttpStatusCode.NoContent, (await _w.Worker.PostAsJsonAsync($"/api/v1/screenings/{screening}/case", new { caseId = otherCase }, Ct)).StatusCode);

        var refused = await PalermoApplication.PostFormAsync(_w.Worker, url, new() { ["ScreeningId"] = screening.ToString() });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Contains("This screening is already attached to another case.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Screening attached to the case.", page, StringComparison.Ordinal);
        var s = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/screenings/{screening}", Ct);
        Assert.Equal(otherCase, s.GetProperty("caseId").GetGuid());
    }
}
