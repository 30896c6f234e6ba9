using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Referrals;

/// <summary>Deciding referrals through the Referrals page and the API: errors come back as the page or a field error.</summary>
public sealed class ReferralPageTests : IClassFixture<ReferralPageTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly World _w;

    public ReferralPageTests(World w) => _w = w;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public HttpClient Ngo { get; private set; } = null!;
        public HttpClient Shelter { get; private set; } = null!;
        public Guid ShelterOrg { get; private set; }
        /// <summary>Two case supervisors of the NGO: one asks for consent overrides, naming the other to approve them.</summary>
        public HttpClient Requester { get; private set; } = null!;
        public TestUser RequesterUser { get; private set; } = null!;
        public Guid NgoOrg { get; private set; }
        public HttpClient Approver { get; private set; } = null!;
        public TestUser ApproverUser { get; private set; } = null!;
        public HttpClient Dpo { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var ngo = await Web.CreateOrganisationAsync("Referring NGO");
            ShelterOrg = (await Web.CreateOrganisationAsync("Receiving Shelter", Palermo.Organisations.OrganisationKind.Shelter)).Id;
            Ngo = await Web.SignInAsync(await Web.CreateUserAsync(Role.CaseWorker, ngo.Id));
            Shelter = await Web.SignInAsync(await Web.CreateUserAsync(Role.CaseWorker, ShelterOrg));
            NgoOrg = ngo.Id;
            RequesterUser = await Web.CreateUserAsync(Role.CaseSupervisor, ngo.Id);
            Requester = await Web.SignInAsync(RequesterUser);
            ApproverUser = await Web.CreateUserAsync(Role.CaseSupervisor, ngo.Id);
            Approver = await Web.SignInAsync(ApproverUser);
            Dpo = await Web.SignInAsync(await Web.CreateUserAsync(Role.DataProtectionOfficer, ngo.Id));
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>A new case referred to the shelter with the person's consents; returns the case and referral ids and the sharing consent.</summary>
        public async Task<(Guid Case, Guid Referral, Guid SharingConsent)> ReferAsync(params string[] parts)
        {
            var res = await Ngo.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct);
            var caseId = (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
            async Task<Guid> Consent(string purpose)
            {
                var c = await Ngo.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new { purpose, recordedAs = "Written", recipientOrganisationId = ShelterOrg }, Ct);
                c.EnsureSuccessStatusCode();
                return (await c.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            }

            await Consent("Referral");
            var sharing = await Consent("SharingIdentifiableData");
            var created = await Ngo.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toOrganisationId = ShelterOrg, services = new[] { "shelter" }, parts }, Ct);
            created.EnsureSuccessStatusCode();
            return (caseId, (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid(), sharing);
        }
    }

    private static Dictionary<string, string> Decision(Guid id, string decision, long? version, string? reason = null)
    {
        var form = new Dictionary<string, string> { ["Id"] = id.ToString(), ["Decision"] = decision };
        if (version is { } v) form["Version"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (reason is not null) form["Reason"] = reason;
        return form;
    }

    private static async Task<string> PageAsync(HttpResponseMessage res)
    {
        Assert.Equal("text/html", res.Content.Headers.ContentType?.MediaType);
        return WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(Ct));
    }

    private async Task<long> VersionOnPageAsync(Guid referral)
    {
        var page = await _w.Shelter.GetStringAsync("/Referrals", Ct);
        var m = Regex.Match(page, $"name=\"Id\" value=\"{referral}\"><input type=\"hidden\" name=\"Version\" value=\"(\\d+)\"");
        Assert.True(m.Success, "the decision form carries the referral's version");
        return long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task StaleDuplicateOrUnknownDecision_ComesBackAsThePageWithAnError_NotProblemJson()
    {
        var (caseId, referral, sharing) = await _w.ReferAsync("Identity", "Services");
        var seenAt = await VersionOnPageAsync(referral);

        // While the shelter has the page open, the person withdraws consent to share their identity: the referral changes.
        var withdrawn = await _w.Ngo.PostAsync($"/api/v1/consents/{sharing}/withdraw", null, Ct);
        Assert.Equal(1, (await withdrawn.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("referralsIdentityWithheld").GetInt32());
        var stale = await PalermoApplication.PostFormAsync(_w.Shelter, "/Referrals", Decision(referral, "Accept", seenAt));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await PageAsync(stale);
        Assert.Contains("changed by someone else since you opened it", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Referrals</h1>", html, StringComparison.Ordinal);

        // Reloaded, the decision goes through; the shelter sees the case but not the person.
        var accepted = await PalermoApplication.FollowAsync(_w.Shelter,
            await PalermoApplication.PostFormAsync(_w.Shelter, "/Referrals", Decision(referral, "Accept", await VersionOnPageAsync(referral))), "/Referrals");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("Referral accepted.", await PageAsync(accepted), StringComparison.Ordinal);
        var view = await _w.Shelter.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("person").ValueKind);
        // Above its close form, the owner's case page says the accepted referral outlives a closure.
        Assert.Matches("<li>Referral to [^<]+: Accepted — the receiver keeps access to what it shares until the referral is completed or withdrawn</li>",
            WebUtility.HtmlDecode(await _w.Ngo.GetStringAsync($"/Cases/View/{caseId}", Ct)));

        // The same decision again (a second tab reloaded after the first decided): the page says why.
        var now = (await _w.Shelter.GetFromJsonAsync<JsonElement>("/api/v1/referrals", Ct)).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == referral).GetProperty("version").GetInt64();
        var duplicate = await PalermoApplication.PostFormAsync(_w.Shelter, "/Referrals", Decision(referral, "Accept", now));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("The referral is accepted; it cannot become accepted.", await PageAsync(duplicate), StringComparison.Ordinal);

        // A referral out of reach (unknown, or another organisation's): the page, not a JSON 404.
        var unknown = await PalermoApplication.PostFormAsync(_w.Shelter, "/Referrals", Decision(Guid.NewGuid(), "Accept", 1));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("This referral is no longer in your list.", await PageAsync(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decline_WithoutAReason_IsAFieldErrorOnReason_AndTheReferralStaysPending()
    {
        var (_, referral, _) = await _w.ReferAsync("Services");
        foreach (var reason in new[] { "", "  " })
        {
            var res = await _w.Shelter.PostAsJsonAsync($"/api/v1/referrals/{referral}/decision", new { decision = "Decline", reason }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
            var problem = await res.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("Give a reason for declining.", problem.GetProperty("errors").GetProperty("reason")[0].GetString());
        }

        var list = await _w.Shelter.GetFromJsonAsync<JsonElement>("/api/v1/referrals", Ct);
        Assert.Equal(nameof(Palermo.Referrals.ReferralState.Pending), list.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == referral).GetProperty("state").GetString());

        var page = await PalermoApplication.PostFormAsync(_w.Shelter, "/Referrals", Decision(referral, "Decline", await VersionOnPageAsync(referral), ""));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Give a reason for declining.", await PageAsync(page), StringComparison.Ordinal);

        var declined = await _w.Shelter.PostAsJsonAsync($"/api/v1/referrals/{referral}/decision", new { decision = "Decline", reason = "No place available" }, Ct);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
    }

    [Fact]
    public async Task ConsentOverride_FromTheCasePage_WaitsForTheNamedSupervisor_WhoApprovesOnTheReferralsPage()
    {
        var created = await _w.Ngo.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct);
        var registered = (await created.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!;
        var casePage = $"/Cases/View/{registered.CaseId}";

        // Only a holder of the override permission is offered the override fields; the approver is chosen from a list.
        Assert.DoesNotContain("name=\"OverrideReason\"", await _w.Ngo.GetStringAsync(casePage, Ct), StringComparison.Ordinal);
        Assert.Contains(_w.ApproverUser.Email, await _w.Requester.GetStringAsync(casePage, Ct), StringComparison.Ordinal);

        Dictionary<string, string> Refer(string reason) => new()
        {
            ["ToOrganisation"] = _w.ShelterOrg.ToString(), ["Services"] = "shelter", ["Parts"] = "Identity",
            ["OverrideReason"] = reason, ["ApprovedBy"] = _w.ApproverUser.Id.ToString(),
        };

        // No reason: a field error, and what was typed and chosen is still there.
        var missing = await PageAsync(await PalermoApplication.PostFormAsync(_w.Requester, casePage, Refer(""), "Refer"));
        Assert.Contains("id=\"overrideReason-error\"", missing, StringComparison.Ordinal);
        Assert.Matches($"value=\"{_w.ApproverUser.Id}\" selected", missing);
        Assert.Matches("value=\"Identity\" checked", missing);

        var requested = await PalermoApplication.FollowAsync(_w.Requester, await PalermoApplication.PostFormAsync(_w.Requester, casePage, Refer("imminent danger"), "Refer"), casePage);
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        Assert.Contains("Nothing is shared until the supervisor you named approves it", await PageAsync(requested), StringComparison.Ordinal);

        // Until approved, the shelter neither sees the referral nor the case.
        Assert.DoesNotContain(registered.Reference, await _w.Shelter.GetStringAsync("/Referrals", Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Shelter.GetAsync($"/api/v1/cases/{registered.CaseId}", Ct)).StatusCode);
        // The requester's own Referrals page has nothing to approve.
        Assert.DoesNotContain("awaiting your approval", await _w.Requester.GetStringAsync("/Referrals", Ct), StringComparison.Ordinal);

        // The data protection officer sees whom the override waits for, not an approval nobody gave.
        var oversight = WebUtility.HtmlDecode(await _w.Dpo.GetStringAsync("/Privacy/Overrides", Ct));
        // This case's row (other tests of the class approve overrides of their own cases).
        var row = oversight[oversight.IndexOf(registered.Reference, StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains($"awaiting {_w.ApproverUser.Email}", row, StringComparison.Ordinal);
        Assert.DoesNotContain("approved by", row, StringComparison.Ordinal);

        var approverPage = WebUtility.HtmlDecode(await _w.Approver.GetStringAsync("/Referrals", Ct));
        Assert.Contains("Consent overrides awaiting your approval", approverPage, StringComparison.Ordinal);
        Assert.Contains("imminent danger", approverPage, StringComparison.Ordinal);
        var waiting = (await _w.Approver.GetFromJsonAsync<JsonElement>("/api/v1/referrals/override-approvals", Ct)).EnumerateArray()
            .Single(r => r.GetProperty("caseReference").GetString() == registered.Reference);
        var id = waiting.GetProperty("id").GetGuid();
        var answer = new Dictionary<string, string>
        {
            ["Id"] = id.ToString(), ["Answer"] = "Approve",
            ["Version"] = waiting.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var approved = await PalermoApplication.PostAndFollowAsync(_w.Approver, "/Referrals", answer, "Override");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("Override approved", await PageAsync(approved), StringComparison.Ordinal);
        Assert.Contains($"approved by {_w.ApproverUser.Email} at ", WebUtility.HtmlDecode(await _w.Dpo.GetStringAsync("/Privacy/Overrides", Ct)), StringComparison.Ordinal);

        // Now the shelter may accept it as any referral, and then sees the person.
        var accepted = await PalermoApplication.PostAndFollowAsync(_w.Shelter, "/Referrals", Decision(id, "Accept", await VersionOnPageAsync(id)));
        Assert.Contains("Referral accepted.", await PageAsync(accepted), StringComparison.Ordinal);
        var view = await _w.Shelter.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{registered.CaseId}", Ct);
        Assert.Equal("Ngozi", view.GetProperty("person").GetProperty("givenName").GetString());
    }

    /// <summary>
    /// The named supervisor can answer an override on the case itself: only they get the buttons there, a refusal needs
    /// its reason, and an approval makes the referral pending. The receiver never sees the override's reason.
    /// </summary>
    [Fact]
    public async Task ConsentOverride_TheNamedSupervisorAnswersOnTheCasePage()
    {
        var created = await _w.Ngo.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct);
        var registered = (await created.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!;
        var casePage = $"/Cases/View/{registered.CaseId}";
        var requested = await _w.Requester.PostAsJsonAsync($"/api/v1/cases/{registered.CaseId}/referrals", new
        {
            toOrganisationId = _w.ShelterOrg, services = new[] { "shelter" }, overrideReason = "urgent medical need", approvedBySupervisorId = _w.ApproverUser.Id,
        }, Ct);
        requested.EnsureSuccessStatusCode();
        var referral = await requested.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = referral.GetProperty("id").GetGuid();

        Assert.DoesNotContain("Approve override", await _w.Requester.GetStringAsync(casePage, Ct), StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await _w.Approver.GetStringAsync(casePage, Ct));
        Assert.Contains("You were named to approve this consent override. Reason given: urgent medical need", page, StringComparison.Ordinal);
        Assert.Contains("Approve override", page, StringComparison.Ordinal);

        Dictionary<string, string> Answer(string answer, string reason) => new()
        {
            ["ReferralId"] = id.ToString(), ["Answer"] = answer, ["RefusalReason"] = reason,
            ["ReferralVersion"] = referral.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var noReason = await PageAsync(await PalermoApplication.PostFormAsync(_w.Approver, casePage, Answer("Refuse", ""), "Override"));
        Assert.Contains("Give a reason for refusing the override.", noReason, StringComparison.Ordinal);
        // The requester posting the same form is refused: the two-person rule holds on this page too.
        var self = await PageAsync(await PalermoApplication.PostFormAsync(_w.Requester, casePage, Answer("Approve", ""), "Override"));
        Assert.Contains("the supervisor you named must approve it", self, StringComparison.Ordinal);

        var approved = await PageAsync(await PalermoApplication.PostAndFollowAsync(_w.Approver, casePage, Answer("Approve", ""), "Override"));
        Assert.Contains("Override approved", approved, StringComparison.Ordinal);
        Assert.DoesNotContain("Approve override", approved, StringComparison.Ordinal);
        var decided = await _w.Shelter.PostAsJsonAsync($"/api/v1/referrals/{id}/decision", new { decision = "Accept" }, Ct);
        decided.EnsureSuccessStatusCode();
        var seen = await _w.Shelter.GetStringAsync($"/api/v1/cases/{registered.CaseId}", Ct);
        Assert.DoesNotContain("urgent medical need", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(_w.ApproverUser.Id.ToString(), seen, StringComparison.Ordinal);
    }

    /// <summary>A consent override requested through the API, naming <paramref name="approver"/>; returns the case and the referral.</summary>
    private async Task<(RegisteredCase Case, JsonElement Referral)> OverrideAsync(Guid approver)
    {
        var created = await _w.Ngo.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input(), Ct);
        var registered = (await created.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!;
        var requested = await _w.Requester.PostAsJsonAsync($"/api/v1/cases/{registered.CaseId}/referrals", new
        {
            toOrganisationId = _w.ShelterOrg, services = new[] { "shelter" }, parts = new[] { "Identity" }, overrideReason = "urgent medical need", approvedBySupervisorId = approver,
        }, Ct);
        requested.EnsureSuccessStatusCode();
        return (registered, await requested.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    private Task DeactivateAsync(Guid user) =>
        _w.Web.With(async sp => { await sp.GetRequiredService<SetUserActive>().HandleAsync(user, false, Actor.Cli); return 0; });

    /// <summary>
    /// The supervisor named to approve an override is deactivated: the requester's case page says so plainly and offers
    /// another approver (a form without JavaScript; an empty choice is an error on that select, which takes the focus);
    /// the new approver approves on their Referrals page; the data protection officer sees who was named before.
    /// </summary>
    [Fact]
    public async Task ApproverDeactivated_TheRequesterNamesAnotherOnTheCasePage_WhoApproves()
    {
        var leaver = await _w.Web.CreateUserAsync(Role.CaseSupervisor, _w.NgoOrg);
        var (registered, referral) = await OverrideAsync(leaver.Id);
        var id = referral.GetProperty("id").GetGuid();
        var casePage = $"/Cases/View/{registered.CaseId}";
        var before = WebUtility.HtmlDecode(await _w.Requester.GetStringAsync(casePage, Ct));
        Assert.Contains($"Waiting for approval by {leaver.Email}.", before, StringComparison.Ordinal);
        Assert.DoesNotContain("can no longer approve it", before, StringComparison.Ordinal);

        await DeactivateAsync(leaver.Id);
        var page = WebUtility.HtmlDecode(await _w.Requester.GetStringAsync(casePage, Ct));
        Assert.Contains($"{leaver.Email} can no longer approve it: their account is deactivated. Name another approver, or withdraw the referral.", page, StringComparison.Ordinal);
        var select = Regex.Match(page, "<select id=\"o" + id.ToString("N") + "-approvedBySupervisorId\" name=\"NewApprover\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
        Assert.True(select.Success, "the case page offers the requester another approver");
        Assert.Contains($"value=\"{_w.ApproverUser.Id}\"", select.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotContain(leaver.Id.ToString(), select.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotContain(_w.RequesterUser.Id.ToString(), select.Groups[1].Value, StringComparison.Ordinal);
        // Their Referrals page says it too, and where to act.
        var outbox = WebUtility.HtmlDecode(await _w.Requester.GetStringAsync("/Referrals", Ct));
        Assert.Contains($"the supervisor named can no longer approve it. <a href=\"{casePage}\">Name another approver on the case</a>", outbox, StringComparison.Ordinal);
        // Another supervisor of the organisation gets no form while the requester can act.
        Assert.DoesNotContain("name=\"NewApprover\"", await _w.Approver.GetStringAsync(casePage, Ct), StringComparison.Ordinal);

        Dictionary<string, string> Form(string approver) => new()
        {
            ["ReferralId"] = id.ToString(), ["NewApprover"] = approver,
            ["ReferralVersion"] = referral.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var empty = await PageAsync(await PalermoApplication.PostFormAsync(_w.Requester, casePage, Form(""), "Approver"));
        var error = $"o{id:N}-approvedBySupervisorId-error";
        Assert.Contains($"<p class=\"field-error\" id=\"{error}\">Name the case supervisor who is to approve the override.</p>", empty, StringComparison.Ordinal);
        Assert.Matches($"<select id=\"o{id:N}-approvedBySupervisorId\" name=\"NewApprover\" aria-describedby=\"{error}\" autofocus", empty);

        var named = await PageAsync(await PalermoApplication.PostAndFollowAsync(_w.Requester, casePage, Form(_w.ApproverUser.Id.ToString()), "Approver"));
        Assert.Contains("Another supervisor was named to approve the override", named, StringComparison.Ordinal);
        Assert.Contains($"Waiting for approval by {_w.ApproverUser.Email}.", named, StringComparison.Ordinal);
        Assert.DoesNotContain("can no longer approve it", named, StringComparison.Ordinal);
        // A second tab, opened before, names someone else: stale, refused, nothing changes.
        var third = await _w.Web.CreateUserAsync(Role.CaseSupervisor, _w.NgoOrg);
        var stale = await PageAsync(await PalermoApplication.PostFormAsync(_w.Requester, casePage, Form(third.Id.ToString()), "Approver"));
        Assert.Contains("changed by someone else since you opened it", stale, StringComparison.Ordinal);
        Assert.Contains($"Waiting for approval by {_w.ApproverUser.Email}.", stale, StringComparison.Ordinal);

        var approverPage = WebUtility.HtmlDecode(await _w.Approver.GetStringAsync("/Referrals", Ct));
        Assert.Contains(registered.Reference, approverPage, StringComparison.Ordinal);
        var waiting = (await _w.Approver.GetFromJsonAsync<JsonElement>("/api/v1/referrals/override-approvals", Ct)).EnumerateArray()
            .Single(r => r.GetProperty("id").GetGuid() == id);
        var approved = await _w.Approver.PostAsJsonAsync($"/api/v1/referrals/{id}/override-approval", new { approve = true, version = waiting.GetProperty("version").GetInt64() }, Ct);
        Assert.Equal(nameof(Palermo.Referrals.ReferralState.Pending), (await approved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());

        var oversight = WebUtility.HtmlDecode(await _w.Dpo.GetStringAsync("/Privacy/Overrides", Ct));
        var row = oversight[oversight.IndexOf(registered.Reference, StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains($"approved by {_w.ApproverUser.Email} at ", row, StringComparison.Ordinal);
        Assert.Contains($"{leaver.Email} was named before; {_w.RequesterUser.Email} named another approver at ", row, StringComparison.Ordinal);
    }

    /// <summary>
    /// The API: the requester names another approver with the version they read (200), a stale version is a 409, and
    /// another supervisor of the organisation is refused with a field error while the requester can act.
    /// </summary>
    [Fact]
    public async Task Api_TheRequesterNamesAnotherApprover_StaleIsAConflict_OthersAreRefused()
    {
        var leaver = await _w.Web.CreateUserAsync(Role.CaseSupervisor, _w.NgoOrg);
        var (_, referral) = await OverrideAsync(leaver.Id);
        var id = referral.GetProperty("id").GetGuid();
        var version = referral.GetProperty("version").GetInt64();
        await DeactivateAsync(leaver.Id);
        var url = $"/api/v1/referrals/{id}/override-approver";
        // Whom the requester may name: the organisation's active case supervisors but themselves; the one who left is not among them.
        var approvers = (await _w.Requester.GetFromJsonAsync<JsonElement>("/api/v1/referrals/override-approvers", Ct)).EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(_w.ApproverUser.Id, approvers);
        Assert.DoesNotContain(leaver.Id, approvers);
        Assert.DoesNotContain(_w.RequesterUser.Id, approvers);

        var other = await _w.Approver.PutAsJsonAsync(url, new { approvedBySupervisorId = _w.ApproverUser.Id, version }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.True((await other.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("requester", out _));
        var alsoGone = await _w.Web.CreateUserAsync(Role.CaseSupervisor, _w.NgoOrg);
        await DeactivateAsync(alsoGone.Id);
        var gone = await _w.Requester.PutAsJsonAsync(url, new { approvedBySupervisorId = alsoGone.Id, version }, Ct);
        Assert.Equal("The approver must be an active case supervisor of your organisation.",
            (await gone.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("approvedBySupervisorId")[0].GetString());
        // A case worker, and the receiving organisation, do not see it at all.
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Ngo.PutAsJsonAsync(url, new { approvedBySupervisorId = _w.ApproverUser.Id, version }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Shelter.PutAsJsonAsync(url, new { approvedBySupervisorId = _w.ApproverUser.Id, version }, Ct)).StatusCode);

        var ok = await _w.Requester.PutAsJsonAsync(url, new { approvedBySupervisorId = _w.ApproverUser.Id, version }, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var changed = await ok.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(_w.ApproverUser.Id, changed.GetProperty("overrideApproverId").GetGuid());
        Assert.True(changed.GetProperty("version").GetInt64() > version);
        var third = await _w.Web.CreateUserAsync(Role.CaseSupervisor, _w.NgoOrg);
        Assert.Equal(HttpStatusCode.Conflict, (await _w.Requester.PutAsJsonAsync(url, new { approvedBySupervisorId = third.Id, version }, Ct)).StatusCode);
        Assert.Contains((await _w.Approver.GetFromJsonAsync<JsonElement>("/api/v1/referrals/override-approvals", Ct)).EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
    }
}
