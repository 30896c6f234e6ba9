using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>Every case, consent, service and referral endpoint × every role × own or other organisation.</summary>
public sealed class CaseAccessMatrixTests : IClassFixture<CaseAccessMatrixTests.World>
{
    private readonly World _w;

    public CaseAccessMatrixTests(World w) => _w = w;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public Dictionary<(Role, bool Own), HttpClient> Clients { get; } = [];
        public Dictionary<(Role, bool Own), Guid> UserIds { get; } = [];
        /// <summary>A second case supervisor of the own organisation: asks for consent overrides that name the matrix's one.</summary>
        public HttpClient OverrideRequester { get; private set; } = null!;
        public Guid CaseId { get; private set; }
        public Guid OwnOrg { get; private set; }
        public Guid OtherOrg { get; private set; }
        /// <summary>Never given consent by anyone: referrals to it are always refused, whatever other tests did.</summary>
        public Guid ThirdOrg { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var own = await Web.CreateOrganisationAsync("Own NGO");
            var other = await Web.CreateOrganisationAsync("Other Shelter", Palermo.Organisations.OrganisationKind.Shelter);
            ThirdOrg = (await Web.CreateOrganisationAsync("Third Hotline", Palermo.Organisations.OrganisationKind.Hotline)).Id;
            OwnOrg = own.Id;
            OtherOrg = other.Id;
            foreach (var role in Enum.GetValues<Role>())
            {
                var (mine, theirs) = (await Web.CreateUserAsync(role, own.Id), await Web.CreateUserAsync(role, other.Id));
                (UserIds[(role, true)], UserIds[(role, false)]) = (mine.Id, theirs.Id);
                Clients[(role, true)] = await Web.SignInAsync(mine);
                Clients[(role, false)] = await Web.SignInAsync(theirs);
            }

            OverrideRequester = await Web.SignInAsync(await Web.CreateUserAsync(Role.CaseSupervisor, own.Id));

            var res = await Clients[(Role.CaseWorker, true)].PostAsJsonAsync("/api/v1/cases", Input());
            Assert.Equal(HttpStatusCode.Created, res.StatusCode);
            CaseId = (await res.Content.ReadFromJsonAsync<RegisteredCase>())!.CaseId;
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    public static CaseInput Input() => new()
    {
        GivenName = "Ngozi", FamilyName = "Okafor", BirthDate = "1999-02-03", Gender = "Feminine", Citizenships = ["NGA"],
        CountryOfDetection = "ITA", IdentificationDate = "2026-01-15", Exploitation = ["SexualExploitation"],
    };

    public static TheoryData<Role, bool> RolesAndOrgs()
    {
        var d = new TheoryData<Role, bool>();
        foreach (var r in Enum.GetValues<Role>()) { d.Add(r, true); d.Add(r, false); }
        return d;
    }

    private static bool Reads(Role r) => r is Role.FrontlineOfficer or Role.CaseWorker or Role.CaseSupervisor;
    private static bool Refers(Role r) => r is Role.CaseWorker or Role.CaseSupervisor;

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task ListCases(Role role, bool own)
    {
        var res = await _w.Clients[(role, own)].GetAsync("/api/v1/cases", TestContext.Current.CancellationToken);
        Assert.Equal(Reads(role) ? HttpStatusCode.OK : HttpStatusCode.NotFound, res.StatusCode);
        if (Reads(role))
        {
            var page = await res.Content.ReadFromJsonAsync<CasePage>(PalermoApplication.Json, TestContext.Current.CancellationToken);
            Assert.Equal(own ? 1 : 0, page!.Items.Count(i => i.Id == _w.CaseId));
        }
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task ReadCase(Role role, bool own) =>
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].GetAsync($"/api/v1/cases/{_w.CaseId}", TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task RegisterCase(Role role, bool own) =>
        Assert.Equal(Reads(role) ? HttpStatusCode.Created : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].PostAsJsonAsync("/api/v1/cases", Input() with { GivenName = "Grace" }, TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task RecordConsent(Role role, bool own) =>
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/consents", new { purpose = "Assistance", recordedAs = "Verbal" }, TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task RecordService(Role role, bool own) =>
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/services", new { serviceCode = "food", startDate = "2026-01-16" }, TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task ListAssignments(Role role, bool own) =>
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].GetAsync($"/api/v1/cases/{_w.CaseId}/assignments", TestContext.Current.CancellationToken)).StatusCode);

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task AssignWorker(Role role, bool own)
    {
        // Each caller assigns the own organisation's case worker (assigning twice changes nothing).
        var res = await _w.Clients[(role, own)].PutAsync($"/api/v1/cases/{_w.CaseId}/assignments/{_w.UserIds[(Role.CaseWorker, true)]}", null, TestContext.Current.CancellationToken);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, res.StatusCode);
    }

    private async Task<(Guid Id, long Version)> OwnerRecordsServiceAsync(CancellationToken ct)
    {
        var res = await _w.Clients[(Role.CaseWorker, true)].PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/services", new { serviceCode = "medical", startDate = "2026-01-16" }, ct);
        res.EnsureSuccessStatusCode();
        var s = await res.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
        return (s.GetProperty("id").GetGuid(), s.GetProperty("version").GetInt64());
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task UpdateService(Role role, bool own)
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, version) = await OwnerRecordsServiceAsync(ct);
        var res = await _w.Clients[(role, own)].PutAsJsonAsync($"/api/v1/cases/{_w.CaseId}/services/{id}",
            new { version, status = "Delivered", endDate = "2026-02-01", outcome = "Treated" }, ct);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, res.StatusCode);
        if (Reads(role) && own) Assert.Equal("Treated", (await res.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task UpdateService_StaleVersionIsA409_BadDateNamesTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _w.Clients[(Role.CaseWorker, true)];
        var (id, version) = await OwnerRecordsServiceAsync(ct);
        var url = $"/api/v1/cases/{_w.CaseId}/services/{id}";
        (await client.PutAsJsonAsync(url, new { version, status = "InProgress" }, ct)).EnsureSuccessStatusCode();
        var stale = await client.PutAsJsonAsync(url, new { version, status = "Cancelled", endDate = "2026-01-20" }, ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var bad = await client.PutAsJsonAsync(url, new { version = version + 1, status = "Delivered", endDate = "2026-01-10" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"endDate\"", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var view = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{_w.CaseId}", ct);
        var stored = view.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(nameof(Palermo.Assistance.ServiceStatus.InProgress), stored.GetProperty("status").GetString());
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task AddAndListNotes(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(Reads(role) && own ? HttpStatusCode.Created : HttpStatusCode.NotFound,
            (await client.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/notes", new { text = "note" }, ct)).StatusCode);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{_w.CaseId}/notes", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task UploadAndDownloadAttachment(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        var ct = TestContext.Current.CancellationToken;
        var upload = await client.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/attachments", new { fileName = "a.txt", contentType = "text/plain", content = "text"u8.ToArray() }, ct);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.Created : HttpStatusCode.NotFound, upload.StatusCode);
        var owner = await _w.Clients[(Role.CaseWorker, true)].PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/attachments", new { fileName = "b.txt", contentType = "text/plain", content = "text"u8.ToArray() }, ct);
        var id = (await owner.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{_w.CaseId}/attachments/{id}", ct)).StatusCode);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/Cases/Attachments/{_w.CaseId}", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task DeleteAttachment(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        var ct = TestContext.Current.CancellationToken;
        var owner = await _w.Clients[(Role.CaseWorker, true)].PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/attachments", new { fileName = "c.txt", contentType = "text/plain", content = "text"u8.ToArray() }, ct);
        var id = (await owner.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await client.GetAsync($"/Cases/Attachments/{_w.CaseId}?handler=ConfirmDelete&attachmentId={id}", ct)).StatusCode);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/cases/{_w.CaseId}/attachments/{id}", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task ReadAndCorrectIdentity(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        var ct = TestContext.Current.CancellationToken;
        var current = await _w.Clients[(Role.CaseWorker, true)].GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{_w.CaseId}/person", ct);
        // The same name (other tests look for it); only the languages change.
        var body = new { version = current.GetProperty("version").GetInt64(), person = new { givenName = "Ngozi", familyName = "Okafor", birthDate = "1999-02-03", gender = "Feminine", citizenships = new[] { "NGA" }, languages = role.ToString() } };
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/cases/{_w.CaseId}/person", ct)).StatusCode);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/cases/{_w.CaseId}/person", body, ct)).StatusCode);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/Cases/Identity/{_w.CaseId}", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task UpdateFactsAndSupportPlan(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        var ct = TestContext.Current.CancellationToken;
        var owner = _w.Clients[(Role.CaseWorker, true)];
        var view = await owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{_w.CaseId}", ct);
        var facts = new { version = view.GetProperty("version").GetInt64(), facts = new { countryOfDetection = "ITA", identificationDate = "2026-01-15", exploitation = new[] { "SexualExploitation" } } };
        Assert.Equal(Reads(role) && own ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/cases/{_w.CaseId}/facts", facts, ct)).StatusCode);
        view = await owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{_w.CaseId}", ct);
        long? planVersion = view.GetProperty("supportPlan").ValueKind == System.Text.Json.JsonValueKind.Null ? null : view.GetProperty("supportPlan").GetProperty("version").GetInt64();
        var plan = new { types = new[] { "Health" }, version = planVersion };
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/cases/{_w.CaseId}/support-plan", plan, ct)).StatusCode);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/Cases/Edit/{_w.CaseId}", ct)).StatusCode);
        Assert.Equal(Reads(role) && own ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync($"/Cases/Screenings/{_w.CaseId}", ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task RecordGroundsDecision(Role role, bool own)
    {
        var ct = TestContext.Current.CancellationToken;
        var view = await _w.Clients[(Role.CaseWorker, true)].GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{_w.CaseId}", ct);
        var body = new { version = view.GetProperty("version").GetInt64(), stage = "ReasonableGrounds", date = "2026-01-20", outcome = "Positive" };
        Assert.Equal(Reads(role) && own ? HttpStatusCode.NoContent : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/decisions", body, ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task ListConsentOverrides_DataProtectionOfficerOnly(Role role, bool own)
    {
        var client = _w.Clients[(role, own)];
        var expected = role == Role.DataProtectionOfficer ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        Assert.Equal(expected, (await client.GetAsync("/api/v1/consent-overrides", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/Privacy/Overrides", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task ReferWithoutConsent_IsRefusedForReferrers_HiddenForOthers(Role role, bool own)
    {
        var res = await _w.Clients[(role, own)].PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/referrals",
            new { toOrganisationId = _w.ThirdOrg, services = new[] { "shelter" } }, TestContext.Current.CancellationToken);
        Assert.Equal(Refers(role) && own ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, res.StatusCode);
    }

    /// <summary>A referral to the organisation nobody consented to, under a consent override naming the matrix's own supervisor.</summary>
    private async Task<Guid> RequestOverrideAsync(CancellationToken ct)
    {
        var res = await _w.OverrideRequester.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/referrals", new
        {
            toOrganisationId = _w.ThirdOrg, services = new[] { "shelter" }, overrideReason = "imminent danger",
            approvedBySupervisorId = _w.UserIds[(Role.CaseSupervisor, true)],
        }, ct);
        res.EnsureSuccessStatusCode();
        var body = await res.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
        Assert.Equal(nameof(Palermo.Referrals.ReferralState.AwaitingOverrideApproval), body.GetProperty("state").GetString());
        return body.GetProperty("id").GetGuid();
    }

    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task AnswerConsentOverride_OnlyTheNamedSupervisor(Role role, bool own)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await RequestOverrideAsync(ct);
        var client = _w.Clients[(role, own)];
        var named = role == Role.CaseSupervisor && own;
        Assert.Equal(role == Role.CaseSupervisor ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await client.GetAsync("/api/v1/referrals/override-approvals", ct)).StatusCode);
        var res = await client.PostAsJsonAsync($"/api/v1/referrals/{id}/override-approval", new { approve = false, reason = "ask the person first" }, ct);
        Assert.Equal(named ? HttpStatusCode.OK : HttpStatusCode.NotFound, res.StatusCode);
    }

    /// <summary>
    /// Naming another approver: out of reach (404) for every role without the override permission and for other
    /// organisations; the organisation's other supervisors reach it but are refused (field <c>requester</c>) while
    /// the requester can still act.
    /// </summary>
    [Theory]
    [MemberData(nameof(RolesAndOrgs))]
    public async Task ChangeOverrideApprover_OnlyTheRequesterWhileTheyCanAct(Role role, bool own)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await RequestOverrideAsync(ct);
        var res = await _w.Clients[(role, own)].PutAsJsonAsync($"/api/v1/referrals/{id}/override-approver",
            new { approvedBySupervisorId = _w.UserIds[(Role.CaseSupervisor, true)] }, ct);
        var supervisor = role == Role.CaseSupervisor && own;
        Assert.Equal(supervisor ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, res.StatusCode);
        // Whom one may name: every case supervisor gets their own organisation's list, everyone else 404.
        Assert.Equal(role == Role.CaseSupervisor ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            (await _w.Clients[(role, own)].GetAsync("/api/v1/referrals/override-approvers", ct)).StatusCode);
        if (supervisor) Assert.True((await res.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("errors").TryGetProperty("requester", out _));
    }

    [Fact]
    public async Task AnswerConsentOverride_TheRequesterCannotApproveTheirOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await RequestOverrideAsync(ct);
        var res = await _w.OverrideRequester.PostAsJsonAsync($"/api/v1/referrals/{id}/override-approval", new { approve = true }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        var problem = await res.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
        Assert.Contains("supervisor you named", problem.GetProperty("errors").GetProperty("approval")[0].GetString(), StringComparison.Ordinal);
        var pending = await _w.Clients[(Role.CaseSupervisor, true)].GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/referrals/override-approvals", ct);
        Assert.Contains(pending.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
        // Still the named supervisor's to answer: approving makes it pending.
        var approved = await _w.Clients[(Role.CaseSupervisor, true)].PostAsJsonAsync($"/api/v1/referrals/{id}/override-approval", new { approve = true }, ct);
        Assert.Equal(nameof(Palermo.Referrals.ReferralState.Pending), (await approved.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("state").GetString());
        var doc = await _w.Clients[(Role.SystemAdministrator, true)].GetStringAsync("/openapi/v1.json", ct);
        Assert.Contains("/api/v1/referrals/{id}/override-approval", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/referrals/override-approvals", doc, StringComparison.Ordinal);
        Assert.Contains("/api/v1/referrals/{id}/override-approver", doc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referral_AcceptedGrantsTheReceiverAccess_WithdrawalRemovesIt()
    {
        var owner = _w.Clients[(Role.CaseWorker, true)];
        var receiver = _w.Clients[(Role.CaseWorker, false)];
        var ct = TestContext.Current.CancellationToken;
        (await owner.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/consents", new { purpose = "Referral", recordedAs = "Written", recipientOrganisationId = _w.OtherOrg }, ct)).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/consents", new { purpose = "SharingIdentifiableData", recordedAs = "Written", recipientOrganisationId = _w.OtherOrg }, ct)).EnsureSuccessStatusCode();
        var created = await owner.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/referrals", new { toOrganisationId = _w.OtherOrg, services = new[] { "shelter" }, parts = new[] { "Identity" } }, ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await receiver.GetAsync($"/api/v1/cases/{_w.CaseId}", ct)).StatusCode);
        (await receiver.PostAsJsonAsync($"/api/v1/referrals/{id}/decision", new { decision = "Accept" }, ct)).EnsureSuccessStatusCode();
        var seen = await receiver.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{_w.CaseId}", ct);
        Assert.Equal("Ngozi", seen.GetProperty("person").GetProperty("givenName").GetString());
        (await owner.PostAsJsonAsync($"/api/v1/referrals/{id}/decision", new { decision = "Withdraw", reason = "moved" }, ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await receiver.GetAsync($"/api/v1/cases/{_w.CaseId}", ct)).StatusCode);
    }

    [Fact]
    public async Task RegisterCase_BadInput_ProblemNamesEachField()
    {
        var res = await _w.Clients[(Role.CaseWorker, true)].PostAsJsonAsync("/api/v1/cases", Input() with { BirthDate = "2026-02-01" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Contains("\"birthDate\"", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CasePages_ShowNoNameInTheListAndTheNameOnTheCase()
    {
        var client = _w.Clients[(Role.CaseWorker, true)];
        var list = await client.GetStringAsync("/Cases", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Okafor", list, StringComparison.Ordinal);
        var page = await client.GetAsync($"/Cases/View/{_w.CaseId}", TestContext.Current.CancellationToken);
        Assert.Contains("Okafor", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Clients[(Role.CaseWorker, false)].GetAsync($"/Cases/View/{_w.CaseId}", TestContext.Current.CancellationToken)).StatusCode);
    }
}
