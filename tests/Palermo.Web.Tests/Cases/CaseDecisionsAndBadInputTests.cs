using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>
/// National-referral decisions through the API and the case page, and bad input through /api/v1: a 400 naming the
/// field, nothing saved.
/// </summary>
public sealed class CaseDecisionsAndBadInputTests : IClassFixture<CaseDecisionsAndBadInputTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly World _w;

    public CaseDecisionsAndBadInputTests(World w) => _w = w;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public HttpClient Worker { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var org = await Web.CreateOrganisationAsync("Decisions NGO");
            Worker = await Web.SignInAsync(await Web.CreateUserAsync(Role.CaseWorker, org.Id));
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }

        public async Task<Guid> RegisterAsync()
        {
            var res = await Worker.PostAsJsonAsync("/api/v1/cases", new CaseInput
            {
                GivenName = "Amara", FamilyName = "Diallo", BirthDate = "2000-03-04", Citizenships = ["SN"], CountryOfDetection = "ITA",
                IdentificationDate = "2026-01-15", Exploitation = ["ForcedLabour"],
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            return (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
        }
    }

    private async Task<JsonElement> CaseAsync(Guid id) => await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}", Ct);

    private static async Task<string> FieldOf(HttpResponseMessage res)
    {
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var problem = await res.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;
    }

    [Fact]
    public async Task Api_RecordsDecisions_AndRefusesBadOnesNamingTheField()
    {
        var id = await _w.RegisterAsync();
        var version = (await CaseAsync(id)).GetProperty("version").GetInt64();
        var url = $"/api/v1/cases/{id}/decisions";

        Assert.Equal("date", await FieldOf(await _w.Worker.PostAsJsonAsync(url, new { version, stage = "ReasonableGrounds", date = "2026-01-10", outcome = "Positive" }, Ct)));
        Assert.Equal("date", await FieldOf(await _w.Worker.PostAsJsonAsync(url, new { version, stage = "ReasonableGrounds", date = "2099-01-10", outcome = "Positive" }, Ct)));
        Assert.Equal("outcome", await FieldOf(await _w.Worker.PostAsJsonAsync(url, new { version, stage = "ReasonableGrounds", date = "2026-01-20", outcome = "Perhaps" }, Ct)));
        Assert.Equal("stage", await FieldOf(await _w.Worker.PostAsJsonAsync(url, new { version, date = "2026-01-20", outcome = "Positive" }, Ct)));
        Assert.Equal("outcome", await FieldOf(await _w.Worker.PostAsJsonAsync(url, new { version, stage = "ConclusiveGrounds", date = "2026-01-20", outcome = "Positive" }, Ct)));
        Assert.True((await CaseAsync(id)).GetProperty("reasonableGroundsDate").ValueKind == JsonValueKind.Null);

        var ok = await _w.Worker.PostAsJsonAsync(url, new { version, stage = "ReasonableGrounds", date = "2026-01-20", outcome = "Positive", reasons = "Consistent account" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        var after = await CaseAsync(id);
        Assert.Equal("2026-01-20", after.GetProperty("reasonableGroundsDate").GetString());
        Assert.Equal("Consistent account", after.GetProperty("reasonableGroundsReasons").GetString());
        // The same version again is a stale form: 409, nothing overwritten.
        Assert.Equal(HttpStatusCode.Conflict, (await _w.Worker.PostAsJsonAsync(url, new { version, stage = "ReasonableGrounds", date = "2026-01-21", outcome = "Negative" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task CasePage_ShowsAndRecordsDecisions_WithFieldErrorsWithoutScript()
    {
        var id = await _w.RegisterAsync();
        var page = $"/Cases/View/{id}";
        var version = (await CaseAsync(id)).GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refused = await (await PalermoApplication.PostFormAsync(_w.Worker, page, new()
        {
            ["DecisionVersion"] = version, ["Stage"] = "ReasonableGrounds", ["DecisionDate"] = "2026-01-01", ["DecisionOutcome"] = "Positive", ["DecisionReasons"] = "Seen at the farm",
        }, "Decision")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"decision-date-error\"", refused, StringComparison.Ordinal);
        Assert.Contains("cannot precede the identification date", refused, StringComparison.Ordinal);
        Assert.Contains(">Seen at the farm</textarea>", refused, StringComparison.Ordinal);

        var saved = await (await PalermoApplication.PostAndFollowAsync(_w.Worker, page, new()
        {
            ["DecisionVersion"] = version, ["Stage"] = "ReasonableGrounds", ["DecisionDate"] = "2026-01-16", ["DecisionOutcome"] = "Positive", ["DecisionReasons"] = "Seen at the farm",
        }, "Decision")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Decision recorded.", saved, StringComparison.Ordinal);
        Assert.Contains("Reasonable grounds", saved, StringComparison.Ordinal);
        Assert.Contains("2026-01-16: Positive", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUp_IsReachableFromThePageAndTheApi_AndBack()
    {
        var id = await _w.RegisterAsync();
        var page = $"/Cases/View/{id}";
        var html = await _w.Worker.GetStringAsync(page, Ct);
        Assert.Contains("Move to follow-up", html, StringComparison.Ordinal);
        var version = (await CaseAsync(id)).GetProperty("version").GetInt64();
        var moved = await (await PalermoApplication.PostAndFollowAsync(_w.Worker, page, new()
        {
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["CloseAs"] = "FollowUp",
        }, "Close")).Content.ReadAsStringAsync(Ct);
        Assert.Contains("<dt>Status</dt><dd>Follow-up</dd>", moved, StringComparison.Ordinal);
        Assert.Contains("Make the case active again", moved, StringComparison.Ordinal);

        var now = (await CaseAsync(id)).GetProperty("version").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await _w.Worker.PostAsJsonAsync($"/api/v1/cases/{id}/close", new { version = now, closeAs = "Reopen" }, Ct)).StatusCode);
        Assert.Equal("Active", (await CaseAsync(id)).GetProperty("status").GetString());
    }

    /// <summary>A name or document number with a tab, line break or other control character is refused, naming the field.</summary>
    [Theory]
    [InlineData("givenName", "Amara\tDiallo")]
    [InlineData("familyName", "Diallo\nSecond line")]
    [InlineData("aliases", "Ama\u0007ra")]
    [InlineData("documentNumber", "AB\u0085123")]
    public async Task Api_ControlCharactersInNames_AreA400NamingTheField(string field, string value)
    {
        var before = (await _w.Worker.GetFromJsonAsync<JsonElement>("/api/v1/cases", Ct)).GetProperty("total").GetInt32();
        var body = new Dictionary<string, object>
        {
            ["givenName"] = "Amara", ["countryOfDetection"] = "ITA", ["identificationDate"] = "2026-01-15",
        };
        body[field] = value;
        var res = await _w.Worker.PostAsJsonAsync("/api/v1/cases", body, Ct);
        Assert.Equal(field, await FieldOf(res));
        Assert.Equal(before, (await _w.Worker.GetFromJsonAsync<JsonElement>("/api/v1/cases", Ct)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Api_NullsWhereAnObjectBelongs_AreA400NamingTheField_NotA500()
    {
        var before = (await _w.Worker.GetFromJsonAsync<JsonElement>("/api/v1/cases", Ct)).GetProperty("total").GetInt32();
        var res = await _w.Worker.PostAsync("/api/v1/cases", JsonContent.Create(JsonDocument.Parse(
            """{"givenName":"Amara","countryOfDetection":"ITA","identificationDate":"2026-01-15","events":[null]}""").RootElement), Ct);
        Assert.Equal("events", await FieldOf(res));
        Assert.Equal(before, (await _w.Worker.GetFromJsonAsync<JsonElement>("/api/v1/cases", Ct)).GetProperty("total").GetInt32());

        var id = await _w.RegisterAsync();
        var version = (await CaseAsync(id)).GetProperty("version").GetInt64();
        Assert.Equal("facts", await FieldOf(await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{id}/facts", new { version }, Ct)));
        Assert.Equal("events", await FieldOf(await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{id}/facts",
            new { version, facts = new { countryOfDetection = "ITA", identificationDate = "2026-01-15", events = new object?[] { null } } }, Ct)));
        Assert.Equal("person", await FieldOf(await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{id}/person", new { version }, Ct)));
        Assert.Equal(version, (await CaseAsync(id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task ChildCase_ShowsItsGuardian_OrThatNoneIsRecorded()
    {
        async Task<string> RegisterChildAsync(string? guardian)
        {
            var res = await _w.Worker.PostAsJsonAsync("/api/v1/cases", new CaseInput
            {
                GivenName = "Mariam", BirthDate = "2013-06-01", CountryOfDetection = "ITA", IdentificationDate = "2026-01-15", Guardian = guardian,
            }, Ct);
            var id = (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
            Assert.True((await CaseAsync(id)).GetProperty("childAtExploitation").GetBoolean());
            return System.Net.WebUtility.HtmlDecode(await _w.Worker.GetStringAsync($"/Cases/View/{id}", Ct));
        }

        Assert.Contains("<dt>Guardian</dt><dd>Ms Rossi, municipal social services</dd>", await RegisterChildAsync("Ms Rossi, municipal social services"), StringComparison.Ordinal);
        Assert.Contains("<dt>Guardian</dt><dd>none recorded", await RegisterChildAsync(null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?status=Bogus")]
    [InlineData("?from=2026-13-01")]
    [InlineData("?to=yesterday")]
    [InlineData("?country=Atlantis")]
    [InlineData("?exploitation=Sorcery")]
    [InlineData("?sort=name")]
    [InlineData("?page=0")]
    [InlineData("?page=-5")]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=1000000")]
    [InlineData("?page=99999999999")]
    [InlineData("?page=2147483647&pageSize=100")]
    public async Task CaseList_BadFilters_AreNeverA500(string query)
    {
        var res = await _w.Worker.GetAsync("/api/v1/cases" + query, Ct);
        Assert.True(res.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{query}: {(int)res.StatusCode}");
        var page = await _w.Worker.GetAsync("/Cases" + query.Replace("page=", "Page=", StringComparison.Ordinal), Ct);
        Assert.True(page.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"page {query}: {(int)page.StatusCode}");
    }

    [Fact]
    public async Task Api_WrongJsonTypes_AreA400NamingTheField_NotAVagueError()
    {
        // A number where the API expects text, and a single value where it expects a list.
        var res = await _w.Worker.PostAsync("/api/v1/cases", JsonContent.Create(JsonDocument.Parse(
            """{"givenName":"Amara","countryOfDetection":"ITA","identificationDate":"2026-01-15","estimatedAge":30}""").RootElement), Ct);
        Assert.Equal("estimatedAge", await FieldOf(res));
        res = await _w.Worker.PostAsync("/api/v1/cases", JsonContent.Create(JsonDocument.Parse(
            """{"givenName":"Amara","countryOfDetection":"ITA","identificationDate":"2026-01-15","citizenships":"SN"}""").RootElement), Ct);
        Assert.Equal("citizenships", await FieldOf(res));
        res = await _w.Worker.PostAsync("/api/v1/cases", JsonContent.Create(JsonDocument.Parse(
            """{"givenName":"Amara","countryOfDetection":"ITA","identificationDate":"2026-01-15","events":[{"type":"Recruitment","country":"SN","date":20250101}]}""").RootElement), Ct);
        Assert.Equal("events[0].date", await FieldOf(res));
    }
}
