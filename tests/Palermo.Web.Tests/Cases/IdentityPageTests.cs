using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>Correcting a person's identity through the real page and the API: search follows, conflicts, field errors.</summary>
public sealed class IdentityPageTests : IClassFixture<IdentityPageTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly World _w;

    public IdentityPageTests(World w) => _w = w;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public HttpClient Worker { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Worker = await Web.SignInAsAsync(Role.CaseWorker);
            Admin = await Web.SignInAsAsync(Role.SystemAdministrator);
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }

        public async Task<Guid> RegisterAsync(string given, string family)
        {
            var res = await Worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input() with { GivenName = given, FamilyName = family });
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            return (await res.Content.ReadFromJsonAsync<RegisteredCase>())!.CaseId;
        }
    }

    private static Dictionary<string, string> Form(long version, string given, string family) => new()
    {
        ["Version"] = version.ToString(CultureInfo.InvariantCulture), ["Input.GivenName"] = given, ["Input.FamilyName"] = family,
        ["Input.BirthDate"] = "1999-02-03", ["Input.Gender"] = "Feminine", ["Citizenships"] = "NGA; GHA", ["Input.Languages"] = "English, Igbo",
        ["Input.DocumentNumber"] = "A0987654",
    };

    private async Task<long> VersionAsync(Guid caseId) => (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}/person", Ct)).GetProperty("version").GetInt64();

    private async Task<int> SearchAsync(string name)
    {
        var res = await _w.Worker.PostAsJsonAsync("/api/v1/cases/search", new { name }, Ct);
        return (await res.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items").GetArrayLength();
    }

    [Fact]
    public async Task Page_ShowsTheIdentity_SavesTheCorrection_SearchFindsTheNewNameOnly()
    {
        var caseId = await _w.RegisterAsync("Chiamaka", "Eze");
        var url = $"/Cases/Identity/{caseId}";
        var form = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync(url, Ct));
        Assert.Contains("value=\"Chiamaka\"", form, StringComparison.Ordinal);
        Assert.Contains("<label for=\"givenName\">", form, StringComparison.Ordinal);
        Assert.Contains("Correct the identity", await _w.Worker.GetStringAsync($"/Cases/View/{caseId}", Ct), StringComparison.Ordinal);
        Assert.Equal(1, await SearchAsync("Chiamaka Eze"));

        var saved = await PalermoApplication.PostFormAsync(_w.Worker, url, Form(await VersionAsync(caseId), "Adaeze", "Nwosu"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var view = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        Assert.Equal("Adaeze", view.GetProperty("person").GetProperty("givenName").GetString());
        Assert.Equal(["NGA", "GHA"], view.GetProperty("person").GetProperty("citizenships").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, await SearchAsync("Adaeze Nwosu"));
        Assert.Equal(0, await SearchAsync("Chiamaka Eze"));
        Assert.DoesNotContain(_w.Web.Logs.Lines, l => l.Contains("Adaeze", StringComparison.Ordinal) || l.Contains("Chiamaka", StringComparison.Ordinal));
    }

    /// <summary>A person never corrected has version 0: a form without a readable version must not pass for it.</summary>
    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Page_VersionMissingOrUnreadable_SavesNothing_AndOffersTheCurrentVersion(string? version)
    {
        // Names unlike the other tests' (they count fuzzy search hits in the same database).
        var caseId = await _w.RegisterAsync("Olufunke", "Bamidele");
        Assert.Equal(0, await VersionAsync(caseId));
        var form = Form(0, "Temitope", "Bamidele");
        if (version is null) form.Remove("Version");
        else form["Version"] = version;
        var res = await PalermoApplication.PostFormAsync(_w.Worker, $"/Cases/Identity/{caseId}", form);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(Ct));
        Assert.Contains("came without its version", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Temitope\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Version\" value=\"0\"", page, StringComparison.Ordinal);
        Assert.Equal("Olufunke", (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct)).GetProperty("person").GetProperty("givenName").GetString());
    }

    [Fact]
    public async Task Page_StaleFormShowsTheConflictAndKeepsTheInput_BadInputNamesTheField()
    {
        var caseId = await _w.RegisterAsync("Blessing", "Obi");
        var url = $"/Cases/Identity/{caseId}";
        var v = await VersionAsync(caseId);
        Assert.Equal(HttpStatusCode.Redirect, (await PalermoApplication.PostFormAsync(_w.Worker, url, Form(v, "Blessing", "Obi-Okoro"))).StatusCode);

        var stale = await PalermoApplication.PostFormAsync(_w.Worker, url, Form(v, "Blessed", "Obi"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Ct));
        Assert.Contains("changed by someone else since you opened it", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Blessed\"", page, StringComparison.Ordinal);
        Assert.Equal("Obi-Okoro", (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct)).GetProperty("person").GetProperty("familyName").GetString());

        var bad = await PalermoApplication.PostFormAsync(_w.Worker, url, new(Form(await VersionAsync(caseId), "  ", "Obi")) { ["Citizenships"] = "NGA" });
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"givenName-error\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"givenName-error\"", html, StringComparison.Ordinal);
        Assert.Equal("Blessing", (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct)).GetProperty("person").GetProperty("givenName").GetString());
    }

    [Fact]
    public async Task MailingAddress_RegisteredByApi_ShownOnTheCase_CorrectedOnThePage_BadCountryNamesTheField()
    {
        var res = await _w.Worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input() with
        {
            GivenName = "Ifeoma", FamilyName = "Okeke", MailingStreet = "12 Allen Avenue", MailingCity = "Ikeja", MailingState = "Lagos", MailingPostalCode = "100271", MailingCountry = "NG",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var caseId = (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
        var mailing = (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct)).GetProperty("person").GetProperty("mailing");
        Assert.Equal(("12 Allen Avenue", "NGA"), (mailing.GetProperty("street").GetString(), mailing.GetProperty("country").GetString()));
        var page = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync($"/Cases/View/{caseId}", Ct));
        Assert.Contains("<dt>Mailing address</dt><dd>12 Allen Avenue, Ikeja, Lagos, 100271, NGA</dd>", page, StringComparison.Ordinal);

        var url = $"/Cases/Identity/{caseId}";
        var form = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync(url, Ct));
        Assert.Contains("<label for=\"mailingStreet\">Street and number</label>", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.MailingStreet\" type=\"text\" value=\"12 Allen Avenue\"", form, StringComparison.Ordinal);
        var bad = await PalermoApplication.PostFormAsync(_w.Worker, url, new(Form(await VersionAsync(caseId), "Ifeoma", "Okeke")) { ["Input.MailingCountry"] = "Wakanda" });
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"mailingCountry-error\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"mailingCountry-error\"", html, StringComparison.Ordinal);
        var saved = await PalermoApplication.PostFormAsync(_w.Worker, url, new(Form(await VersionAsync(caseId), "Ifeoma", "Okeke"))
        {
            ["Input.MailingStreet"] = "3 Broad Street", ["Input.MailingCity"] = "Lagos Island", ["Input.MailingCountry"] = "NGA",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        mailing = (await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct)).GetProperty("person").GetProperty("mailing");
        Assert.Equal(("3 Broad Street", "Lagos Island", JsonValueKind.Null), (mailing.GetProperty("street").GetString(), mailing.GetProperty("city").GetString(), mailing.GetProperty("state").ValueKind));
        Assert.DoesNotContain(_w.Web.Logs.Lines, l => l.Contains("Allen Avenue", StringComparison.Ordinal) || l.Contains("Broad Street", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_GetAndPutPerson_StaleIs409_BadInputIs400NamingTheField_OtherOrganisationIs404()
    {
        var caseId = await _w.RegisterAsync("Funmilayo", "Adeyemi");
        var current = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}/person", Ct);
        var v = current.GetProperty("version").GetInt64();
        Assert.Equal("Funmilayo", current.GetProperty("person").GetProperty("givenName").GetString());
        var body = new { version = v, person = new { givenName = "Funmi", familyName = "Adeyemi", birthDate = "1999-02-03", gender = "Feminine", citizenships = new[] { "NG" } } };
        Assert.Equal(HttpStatusCode.NoContent, (await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{caseId}/person", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{caseId}/person", body, Ct)).StatusCode);
        var bad = await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{caseId}/person", body with { version = await VersionAsync(caseId), person = body.person with { citizenships = new[] { "Atlantis" } } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"citizenships\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var other = await _w.Web.SignInAsync(await _w.Web.CreateUserAsync(Role.CaseWorker, (await _w.Web.CreateOrganisationAsync("Elsewhere")).Id));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/cases/{caseId}/person", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/v1/cases/{caseId}/person", body with { version = await VersionAsync(caseId) }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Cases/Identity/{caseId}", Ct)).StatusCode);

        var doc = await _w.Admin.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("/api/v1/cases/{id}/person", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/cases/{id}/attachments/{attachmentId}", doc, StringComparison.Ordinal);
        Assert.Contains("\"delete\"", doc, StringComparison.Ordinal);
    }
}
