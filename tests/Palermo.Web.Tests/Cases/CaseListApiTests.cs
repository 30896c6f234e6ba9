using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>
/// Bad input to the case list and search names its field instead of a bare 400 or a silently ignored filter, and the
/// OpenAPI document describes the problems every case operation can answer.
/// </summary>
public sealed class CaseListApiTests : IClassFixture<CaseListApiTests.World>
{
    private readonly World _w;

    public CaseListApiTests(World w) => _w = w;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public HttpClient Worker { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;
        public RegisteredCase Case { get; private set; } = null!;
        public TestUser Colleague { get; private set; } = null!;
        public HttpClient ColleagueClient { get; private set; } = null!;
        public HttpClient Outsider { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var org = await Web.CreateOrganisationAsync("List NGO");
            Worker = await Web.SignInAsync(await Web.CreateUserAsync(Role.CaseWorker, org.Id));
            Admin = await Web.SignInAsync(await Web.CreateUserAsync(Role.SystemAdministrator, org.Id));
            Colleague = await Web.CreateUserAsync(Role.CaseSupervisor, org.Id);
            ColleagueClient = await Web.SignInAsync(Colleague);
            var other = await Web.CreateOrganisationAsync("Other Shelter", Palermo.Organisations.OrganisationKind.Shelter);
            Outsider = await Web.SignInAsync(await Web.CreateUserAsync(Role.CaseSupervisor, other.Id));
            var res = await Worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), TestContext.Current.CancellationToken);
            Case = (await res.Content.ReadFromJsonAsync<RegisteredCase>(TestContext.Current.CancellationToken))!;
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static async Task<string> FieldOfAsync(HttpResponseMessage res)
    {
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        var problem = await res.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;
    }

    [Theory]
    [InlineData("page=abc", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=x", "pageSize")]
    [InlineData("pageSize=100000", "pageSize")]
    [InlineData("assignedToMe=maybe", "assignedToMe")]
    [InlineData("status=Nope", "status")]
    [InlineData("sort=name", "sort")]
    [InlineData("from=2026-02-30", "from")]
    public async Task List_BadValue_NamesTheField(string query, string field) =>
        Assert.Equal(field, await FieldOfAsync(await _w.Worker.GetAsync("/api/v1/cases?" + query, Ct)));

    [Fact]
    public async Task List_SearchTermsOrUnknownParametersInTheUrl_AreRefusedNotIgnored()
    {
        // Ignored, these listed every case as if they had matched; and search terms are personal data, never URL parts.
        var lookup = await _w.Worker.GetAsync("/api/v1/cases?lookup=" + _w.Case.Reference, Ct);
        Assert.Equal("lookup", await FieldOfAsync(lookup));
        Assert.Equal("name", await FieldOfAsync(await _w.Worker.GetAsync("/api/v1/cases?Name=Ngozi", Ct)));
        Assert.Equal("query", await FieldOfAsync(await _w.Worker.GetAsync("/api/v1/cases?stauts=Closed", Ct)));
        // Known parameters in any case, and the flag as true/false, still work.
        var page = await _w.Worker.GetFromJsonAsync<CasePage>("/api/v1/cases?Status=Active&assignedtome=TRUE&page=1&pagesize=10", PalermoApplication.Json, Ct);
        Assert.Contains(page!.Items, i => i.Reference == _w.Case.Reference);
    }

    [Fact]
    public async Task Search_ValueOfTheWrongType_NamesTheField()
    {
        var res = await _w.Worker.PostAsync("/api/v1/cases/search", new StringContent("{\"page\":\"two\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal("page", await FieldOfAsync(res));
        var register = await _w.Worker.PostAsync("/api/v1/cases", new StringContent("{\"givenName\":\"Ngozi\",\"events\":[{\"type\":\"Transit\",\"country\":[1]}]}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal("events[0].country", await FieldOfAsync(register));
        Assert.DoesNotContain("Ngozi", await register.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPage_FilterThatDidNotBind_ShowsTheErrorAndNoList()
    {
        var page = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync("/Cases?AssignedToMe=maybe", Ct));
        Assert.Contains("not valid for AssignedToMe", page, StringComparison.Ordinal);
        Assert.DoesNotContain(_w.Case.Reference, page, StringComparison.Ordinal);
    }

    /// <summary>
    /// Picklist values leave the API by name, in the shape the case input takes: a string for one choice, a list of
    /// names for a multi-select (empty for none) — never numbers a client would have to look up.
    /// </summary>
    [Fact]
    public async Task CaseJson_PicklistsAreNames_MultiSelectsAreLists_AndTheOpenApiSaysSo()
    {
        var view = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_w.Case.CaseId}", Ct);
        Assert.Equal("Active", view.GetProperty("status").GetString());
        Assert.Equal("PossibleVictimOfTrafficking", view.GetProperty("traffickingStatus").GetString());
        Assert.Equal(["SexualExploitation"], view.GetProperty("exploitation").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(0, view.GetProperty("methodsOfControl").GetArrayLength());
        var list = await _w.Worker.GetFromJsonAsync<JsonElement>("/api/v1/cases?status=Active", Ct);
        Assert.All(list.GetProperty("items").EnumerateArray(), c => Assert.Equal(JsonValueKind.Array, c.GetProperty("exploitation").ValueKind));

        using var doc = JsonDocument.Parse(await _w.Admin.GetStringAsync("/openapi/v1.json", Ct));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["Active", "FollowUp", "Closed", "ClosedReferred"], schemas.GetProperty("CaseStatus").GetProperty("enum").EnumerateArray().Select(x => x.GetString()));
        var exploitation = schemas.GetProperty("ExploitationType");
        Assert.Equal("array", exploitation.GetProperty("type").GetString());
        Assert.Contains("ForcedLabour", exploitation.GetProperty("items").GetProperty("enum").EnumerateArray().Select(x => x.GetString()));
        Assert.DoesNotContain("None", exploitation.GetProperty("items").GetProperty("enum").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task OpenApi_EveryCaseConsentReferralAndServiceOperation_DocumentsItsProblems()
    {
        using var doc = JsonDocument.Parse(await _w.Admin.GetStringAsync("/openapi/v1.json", Ct));
        var paths = doc.RootElement.GetProperty("paths");
        var checkedOps = 0;
        foreach (var path in paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/cases", StringComparison.Ordinal)
                     || p.Name.StartsWith("/api/v1/consents", StringComparison.Ordinal) || p.Name.StartsWith("/api/v1/referrals", StringComparison.Ordinal)))
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete"))
            {
                var responses = op.Value.GetProperty("responses");
                foreach (var status in new[] { "400", "404" })
                {
                    Assert.True(responses.TryGetProperty(status, out var r), $"{op.Name} {path.Name} documents no {status}");
                    Assert.True(r.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{op.Name} {path.Name} {status} is not problem details");
                }

                checkedOps++;
            }
        }

        Assert.True(checkedOps >= 25, $"{checkedOps} operations");
        // Files are described as what they are.
        Assert.True(paths.GetProperty("/api/v1/cases/{id}/attachments/{attachmentId}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").TryGetProperty("application/pdf", out _));
        Assert.True(paths.GetProperty("/api/v1/cases/export").GetProperty("post").GetProperty("responses").GetProperty("200")
            .GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(paths.GetProperty("/api/v1/cases/import").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        foreach (var (method, path) in new[] { ("post", "/api/v1/cases/{id}/close"), ("put", "/api/v1/cases/{id}/facts"), ("put", "/api/v1/cases/{id}/person"),
                     ("put", "/api/v1/cases/{id}/services/{serviceId}"), ("put", "/api/v1/cases/{id}/support-plan"), ("post", "/api/v1/referrals/{id}/decision") })
        {
            Assert.True(paths.GetProperty(path).GetProperty(method).GetProperty("responses").TryGetProperty("409", out _), $"{method} {path} documents no 409");
        }
    }

    [Fact]
    public async Task Assignment_ApiAndCasePage_DriveAssignedToMe_OutsidersGet404()
    {
        var id = _w.Case.CaseId;
        var colleague = _w.Colleague.Id;
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Outsider.PutAsync($"/api/v1/cases/{id}/assignments/{colleague}", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Outsider.GetAsync($"/api/v1/cases/{id}/assignments", Ct)).StatusCode);
        Assert.Equal("userId", await FieldOfAsync(await _w.Worker.PutAsync($"/api/v1/cases/{id}/assignments/{Guid.NewGuid()}", null, Ct)));

        Assert.Equal(HttpStatusCode.NoContent, (await _w.Worker.PutAsync($"/api/v1/cases/{id}/assignments/{colleague}", null, Ct)).StatusCode);
        var mine = await _w.ColleagueClient.GetFromJsonAsync<CasePage>("/api/v1/cases?assignedToMe=true", PalermoApplication.Json, Ct);
        Assert.Equal(_w.Case.Reference, Assert.Single(mine!.Items).Reference);
        var assignments = await _w.Worker.GetFromJsonAsync<CaseAssignments>($"/api/v1/cases/{id}/assignments", Ct);
        Assert.Contains(assignments!.Assigned, a => a.Email == _w.Colleague.Email);
        Assert.Equal(HttpStatusCode.NoContent, (await _w.Worker.DeleteAsync($"/api/v1/cases/{id}/assignments/{colleague}", Ct)).StatusCode);
        Assert.Empty((await _w.ColleagueClient.GetFromJsonAsync<CasePage>("/api/v1/cases?assignedToMe=true", PalermoApplication.Json, Ct))!.Items);

        // The case page does the same with a form.
        var res = await PalermoApplication.PostAndFollowAsync(_w.Worker, $"/Cases/View/{id}", new() { ["userId"] = colleague.ToString() }, "Assign");
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Worker assigned to the case.", page, StringComparison.Ordinal);
        Assert.Contains(_w.Colleague.Email, System.Text.RegularExpressions.Regex.Match(page, "(?s)<h2>Assigned workers</h2>.*?</ul>").Value, StringComparison.Ordinal);
        Assert.Single((await _w.ColleagueClient.GetFromJsonAsync<CasePage>("/api/v1/cases?assignedToMe=true", PalermoApplication.Json, Ct))!.Items);
        (await _w.Worker.DeleteAsync($"/api/v1/cases/{id}/assignments/{colleague}", Ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ListPage_NameSearchWithMoreThanAPage_SaysSoAndOffersNoNextLinkIntoTheUnfilteredList()
    {
        var org = await _w.Web.CreateOrganisationAsync("Busy NGO");
        var user = await _w.Web.CreateUserAsync(Role.CaseWorker, org.Id);
        var actor = new Actor(user.Id, org.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        await _w.Web.With(async sp =>
        {
            var register = sp.GetRequiredService<RegisterVictim>();
            for (var i = 0; i < 103; i++) await register.HandleAsync(CaseAccessMatrixTests.Input(), actor, Ct);
            return 0;
        });
        var client = await _w.Web.SignInAsync(user);
        var res = await PalermoApplication.PostFormAsync(client, "/Cases", new() { ["Name"] = "Ngozi Okafor" });
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(Ct));
        Assert.Contains("103 case(s) found; the first 100 are shown. Add details to narrow the search.", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Next</a>", page, StringComparison.Ordinal);
        // The plain list still pages.
        Assert.Contains(">Next</a>", await client.GetStringAsync("/Cases", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionedEdits_WithoutTheVersion_AreAFieldErrorAndChangeNothing()
    {
        var res = await _w.Worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input() with { GivenName = "Amara" }, Ct);
        var id = (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
        var service = await (await _w.Worker.PostAsJsonAsync($"/api/v1/cases/{id}/services", new { serviceCode = "food", startDate = "2026-01-16" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        // A new case is at version 0: a missing version read as 0 would have passed the check.
        Assert.Equal("version", await FieldOfAsync(await _w.Worker.PostAsJsonAsync($"/api/v1/cases/{id}/close", new { closeAs = "Closed", reason = "done" }, Ct)));
        Assert.Equal("version", await FieldOfAsync(await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{id}/facts", new { facts = CaseAccessMatrixTests.Input() with { Risk = "High" } }, Ct)));
        Assert.Equal("version", await FieldOfAsync(await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{id}/person", new { person = new { givenName = "Changed", familyName = "Okafor" } }, Ct)));
        Assert.Equal("version", await FieldOfAsync(await _w.Worker.PutAsJsonAsync($"/api/v1/cases/{id}/services/{service.GetProperty("id").GetGuid()}", new { status = "Delivered", endDate = "2026-01-20" }, Ct)));
        var view = await _w.Worker.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}", Ct);
        Assert.Equal(nameof(CaseStatus.Active), view.GetProperty("status").GetString());
        Assert.Equal("Amara", view.GetProperty("person").GetProperty("givenName").GetString());
        Assert.Equal(nameof(Palermo.Assistance.ServiceStatus.Planned), Assert.Single(view.GetProperty("services").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(0, view.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task ListPage_EmptySearchForm_IsAnErrorNotEveryCase()
    {
        var res = await PalermoApplication.PostFormAsync(_w.Worker, "/Cases", new() { ["Lookup"] = " ", ["Name"] = "" });
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Type a reference, a document number or a name.", page, StringComparison.Ordinal);
        Assert.DoesNotContain(_w.Case.Reference, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneNameSearch_FormAndApi_FindTheCase_AuditedWithoutTheName_PunctuationIsAFieldError()
    {
        var org = await _w.Web.CreateOrganisationAsync("One Name NGO");
        var user = await _w.Web.CreateUserAsync(Role.CaseWorker, org.Id);
        var client = await _w.Web.SignInAsync(user);
        var res = await client.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input() with { GivenName = "Tetiana", FamilyName = "Shevchenko" }, Ct);
        var registered = (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!;

        var page = WebUtility.HtmlDecode(await (await PalermoApplication.PostFormAsync(client, "/Cases", new() { ["Name"] = "Tatiana" })).Content.ReadAsStringAsync(Ct));
        Assert.Contains("1 case(s) found", page, StringComparison.Ordinal);
        Assert.Contains(registered.Reference, page, StringComparison.Ordinal);
        // Read as JSON, not as CasePage: only the reference matters here, whatever shape the picklist values take.
        var api = await (await client.PostAsJsonAsync("/api/v1/cases/search", new { name = "Shewchenko" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(registered.Reference, Assert.Single(api.GetProperty("items").EnumerateArray()).GetProperty("reference").GetString());
        Assert.Equal("name", await FieldOfAsync(await client.PostAsJsonAsync("/api/v1/cases/search", new { name = " - " }, Ct)));

        var entries = await _w.Web.With(async sp =>
        {
            await sp.GetRequiredService<Palermo.Audit.SearchAuditLog>().FlushAsync(Ct);
            var db = sp.GetRequiredService<Palermo.Data.PalermoDbContext>();
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.AuditEntries.Where(e => e.ActorId == user.Id && e.Event == Palermo.Audit.AuditEvent.CasesSearchedByName), Ct);
        });
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal("1 found", e.Purpose);
            Assert.DoesNotContain("atiana", $"{e.EntityType} {e.EntityId} {e.Purpose}", StringComparison.OrdinalIgnoreCase);
        });
    }
}
