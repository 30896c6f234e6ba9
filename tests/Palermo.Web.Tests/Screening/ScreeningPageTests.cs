using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Screening;

public sealed partial class ScreeningPageTests(ScreeningPageTests.App app) : IClassFixture<ScreeningPageTests.App>
{
    private const string Checklist = "/Screening/Checklist?list=ilo-ec-adult-labour&version=2009-cited.1";

    private static readonly string[] PresumedAdult = ["1.nature-of-job-location-or-employer", "1.wages-earnings",
        "4.excessive-working-days-or-hours", "4.low-or-no-salary", "5.confiscation-of-documents", "5.debt-bondage"];

    public sealed class App : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public HttpClient Officer { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Officer = await Web.SignInAsAsync(Role.FrontlineOfficer);

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScreeningPages_FrontlineOfficerTicksIndicators_SeesPresumedVictimWithReasonsAndCaveat()
    {
        var start = await app.Officer.GetStringAsync("/Screening", Ct);
        Assert.Contains("href=\"/Screening\">Screening</a>", start, StringComparison.Ordinal);
        Assert.Contains(Checklist.Replace("&", "&amp;", StringComparison.Ordinal), start, StringComparison.Ordinal);

        var form = await app.Officer.GetStringAsync(Checklist, Ct);
        Assert.Contains("<legend>5. Coercion at destination</legend>", form, StringComparison.Ordinal);
        // The checklist needs no script; the only one is the session warning's (a static file, optional).
        Assert.DoesNotMatch("(?i)<script(?![^>]* src=\"/js/session\\.js\\?v=[^\"]+\" defer></script>)", form);

        var res = await PostChecklistAsync(app.Officer, PresumedAdult.Select(i => ("Indicators", i)).Append(("ForcedLabourIndicators", "fl.debt-bondage")));
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var resultUrl = res.Headers.Location!.OriginalString;
        Assert.Matches("^/Screening/Result/[0-9a-f-]{36}$", resultUrl);

        var result = WebUtility.HtmlDecode(await app.Officer.GetStringAsync(resultUrl, Ct));
        Assert.Contains("Outcome: <strong>presumed victim (screening)</strong>", result, StringComparison.Ordinal);
        Assert.Contains("Positive dimensions: 1 (Deceptive recruitment", result, StringComparison.Ordinal);
        Assert.Contains("Positive: 1 strong, 1 medium.", result, StringComparison.Ordinal);
        Assert.Contains("Not a legal decision.", result, StringComparison.Ordinal);
        Assert.Contains("version <code>2009-cited.1</code>", result, StringComparison.Ordinal);
        Assert.Contains("1 of 11 ILO forced-labour indicators present.", result, StringComparison.Ordinal);

        var list = await app.Officer.GetStringAsync("/Screening", Ct);
        Assert.Contains(resultUrl, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChecklistPost_UnknownIndicator_ShowsTheErrorAndKeepsTheTicks()
    {
        var res = await PostChecklistAsync(app.Officer, [("Indicators", "4.low-or-no-salary"), ("Indicators", "4.not-on-the-list")]);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var page = await res.Content.ReadAsStringAsync(Ct);
        Assert.Contains("id=\"indicators-error\"", page, StringComparison.Ordinal);
        Assert.Contains("1 of the chosen indicators are not on list ilo-ec-adult-labour", page, StringComparison.Ordinal);
        Assert.Matches("value=\"4.low-or-no-salary\" checked=\"checked\"", page);
    }

    [Fact]
    public async Task ChecklistPost_NoIndicatorsViaPostForm_RecordsNotIndicated()
    {
        var res = await PalermoApplication.PostFormAsync(app.Officer, Checklist, new() { ["ForcedLabourIndicators"] = "fl.excessive-overtime" });
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var result = WebUtility.HtmlDecode(await app.Officer.GetStringAsync(res.Headers.Location!.OriginalString, Ct));
        Assert.Contains("Outcome: <strong>not indicated by screening</strong>", result, StringComparison.Ordinal);
        Assert.Contains("does not rule it out", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checklist_UnknownList_IsNotFound() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.Officer.GetAsync("/Screening/Checklist?list=nope&version=1", Ct)).StatusCode);

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SystemAdministrator)]
    public async Task ScreeningPagesAndApi_RoleWithoutScreening_AreNotFound(Role role)
    {
        var client = await app.Web.SignInAsAsync(role);
        var mine = await RecordViaApiAsync(app.Officer, PresumedAdult);
        foreach (var url in new[] { "/Screening", Checklist, $"/Screening/Result/{mine}", "/api/v1/screenings", $"/api/v1/screenings/{mine}", "/api/v1/screenings/lists" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url, Ct)).StatusCode);
        }

        Assert.DoesNotContain("href=\"/Screening\"", await client.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    public static TheoryData<Role> Roles => new(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task ScreeningPage_EveryRole_OnlyFrontlineAndCaseRolesGetIn(Role role)
    {
        var client = await app.Web.SignInAsAsync(role);
        var expected = role is Role.FrontlineOfficer or Role.CaseWorker or Role.CaseSupervisor ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, (await client.GetAsync("/Screening", Ct)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/api/v1/screenings/lists", Ct)).StatusCode);
    }

    [Fact]
    public async Task ResultAndApi_OfficerOfAnotherOrganisation_AreNotFound()
    {
        var mine = await RecordViaApiAsync(app.Officer, PresumedAdult);
        var other = await app.Web.SignInAsAsync(Role.CaseWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Screening/Result/{mine}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/screenings/{mine}", Ct)).StatusCode);
        Assert.DoesNotContain(mine.ToString(), await other.GetStringAsync("/api/v1/screenings", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordApi_UnknownIndicator_ValidationProblemNamesTheField()
    {
        var res = await app.Officer.PostAsJsonAsync("/api/v1/screenings",
            new { listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators = new[] { "9.nothing" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        using var problem = JsonDocument.Parse(await res.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("indicators", out _));
    }

    [Fact]
    public async Task Api_RecordGetListAndAttach_RoundTrip()
    {
        var id = await RecordViaApiAsync(app.Officer, PresumedAdult);
        using var got = JsonDocument.Parse(await app.Officer.GetStringAsync($"/api/v1/screenings/{id}", Ct));
        Assert.Equal("PresumedVictim", got.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("2009-cited.1", got.RootElement.GetProperty("listVersion").GetString());
        using var lists = JsonDocument.Parse(await app.Officer.GetStringAsync("/api/v1/screenings/lists", Ct));
        Assert.Equal(5, lists.RootElement.GetProperty("current").GetArrayLength());

        var registered = await app.Officer.PostAsJsonAsync("/api/v1/cases", new
        {
            givenName = "Amina", countryOfDetection = "ITA", identificationDate = "2026-01-10", exploitation = new[] { "ForcedLabour" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var caseId = JsonDocument.Parse(await registered.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("caseId").GetGuid();
        var attach = await app.Officer.PostAsJsonAsync($"/api/v1/screenings/{id}/case", new { caseId }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, attach.StatusCode);
        var another = await app.Officer.PostAsJsonAsync($"/api/v1/screenings/{id}/case", new { caseId = Guid.CreateVersion7() }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, another.StatusCode);
        Assert.Contains("caseId", await another.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportListApi_SystemAdministratorLoadsANationalList_OfficerGetsNotFound()
    {
        var list = new
        {
            id = "nat-adult-sexual", version = "2026.1", title = "National — adults, sexual", kind = "operational", subjectGroup = "adult",
            exploitation = "sexual", source = "National NRM", presumedVictimWhen = new int[][] { [1, 2, 3], [4], [5, 6] },
            indicators = new[] { new { id = "4.forced", dimension = 4, wording = "Forced to prostitution", grade = "strong", verified = true, source = "NRM" } },
        };
        Assert.Equal(HttpStatusCode.NotFound, (await app.Officer.PostAsJsonAsync("/api/v1/screening-lists", list, Ct)).StatusCode);
        var admin = await app.Web.SignInAsAsync(Role.SystemAdministrator);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/screening-lists", list, Ct)).StatusCode);
        var broken = await admin.PostAsJsonAsync("/api/v1/screening-lists", list with { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("exists already", await broken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<Guid> RecordViaApiAsync(HttpClient client, string[] indicators)
    {
        var res = await client.PostAsJsonAsync("/api/v1/screenings", new { listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators }, Ct);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Posts the checklist as a browser does with several boxes ticked (the same name repeated).</summary>
    private static async Task<HttpResponseMessage> PostChecklistAsync(HttpClient client, IEnumerable<(string Name, string Value)> fields)
    {
        var page = await client.GetStringAsync(Checklist, Ct);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__af", token));
        return await client.PostAsync(Checklist, new FormUrlEncodedContent(form), Ct);
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
