using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.EmergencyAccess;

/// <summary>
/// Break-glass through the real pages and the API, on both providers: a police officer opens a shelter's case by its
/// reference, sees the banner and the granted parts read-only, and both data protection officers are alerted and review.
/// </summary>
public sealed class EmergencyAccessPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Reason = "Met her at the station at 2 a.m.; she may be a child and has no one with her";

    [Fact]
    public Task PagesAndApi_Sqlite() => RunAsync(null);

    [Fact]
    public async Task PagesAndApi_Postgres() => await RunAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task RunAsync(string? postgres)
    {
        using var web = new PalermoApplication(postgres);
        var shelter = await web.CreateOrganisationAsync("Casa Aurora Shelter", Palermo.Organisations.OrganisationKind.Shelter);
        var police = await web.CreateOrganisationAsync("Metro Police", Palermo.Organisations.OrganisationKind.Police);
        var workerUser = await web.CreateUserAsync(Role.CaseWorker, shelter.Id);
        var worker = await web.SignInAsync(workerUser);
        var supervisor = await web.SignInAsync(await web.CreateUserAsync(Role.CaseSupervisor, shelter.Id));
        var shelterDpo = await web.SignInAsync(await web.CreateUserAsync(Role.DataProtectionOfficer, shelter.Id));
        var officerUser = await web.CreateUserAsync(Role.FrontlineOfficer, police.Id);
        var officer = await web.SignInAsync(officerUser);
        var colleague = await web.SignInAsync(await web.CreateUserAsync(Role.FrontlineOfficer, police.Id));
        var policeDpo = await web.SignInAsync(await web.CreateUserAsync(Role.DataProtectionOfficer, police.Id));

        var res = await worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input() with { Contacts = "Via Roma 12" }, Ct);
        var caseId = (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
        var reference = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases.Where(c => c.Id == caseId).Select(c => c.Reference).SingleAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Cases/View/{caseId}", Ct)).StatusCode);

        // The form: the default parts ticked, Contacts not.
        var form = await Html(await officer.GetAsync("/EmergencyAccess", Ct));
        Assert.Contains("<input type=\"checkbox\" name=\"Parts\" value=\"Identity\" checked=\"checked\">", form, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" name=\"Parts\" value=\"Services\" checked=\"checked\">", form, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" name=\"Parts\" value=\"Contacts\">", form, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/EmergencyAccess\">Emergency access</a>", form, StringComparison.Ordinal);

        // Bad input comes back at its field, and saves no grant.
        var unknown = await Html(await PalermoApplication.PostFormAsync(officer, "/EmergencyAccess",
            new() { ["Reference"] = "PAL-2026-999999", ["Reason"] = Reason, ["Parts"] = "Identity" }));
        Assert.Contains("id=\"reference-error\">No case has this reference", unknown, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"reference-error\"", unknown, StringComparison.Ordinal);
        var own = await Html(await PalermoApplication.PostFormAsync(worker, "/EmergencyAccess", new() { ["Reference"] = reference, ["Reason"] = Reason, ["Parts"] = "Identity" }));
        Assert.Contains("This case belongs to your organisation", own, StringComparison.Ordinal);
        var shortReason = await Html(await PalermoApplication.PostFormAsync(officer, "/EmergencyAccess", new() { ["Reference"] = reference, ["Reason"] = "urgent", ["Parts"] = "Identity" }));
        Assert.Contains("id=\"reason-error\"", shortReason, StringComparison.Ordinal);
        // What was typed is kept, and an unticked default stays unticked.
        Assert.Contains($"value=\"{reference}\"", shortReason, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" name=\"Parts\" value=\"Services\">", shortReason, StringComparison.Ordinal);
        Assert.Equal(0, await web.With(sp => sp.GetRequiredService<PalermoDbContext>().EmergencyGrants.CountAsync(Ct)));

        var opened = await PalermoApplication.PostFormAsync(officer, "/EmergencyAccess", new() { ["Reference"] = reference.ToLowerInvariant(), ["Reason"] = Reason, ["Parts"] = "Identity" });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/Cases/View/{caseId}", opened.Headers.Location!.OriginalString);

        var now = web.Time.GetUtcNow().UtcDateTime;
        var page = await Html(await officer.GetAsync($"/Cases/View/{caseId}", Ct));
        Assert.Contains($"Emergency access — ends at {now.AddHours(4):HH:mm} UTC — reason recorded — the data protection officers are alerted.", page, StringComparison.Ordinal);
        Assert.Contains("Casa Aurora Shelter", page, StringComparison.Ordinal);
        Assert.Contains(workerUser.Email, page, StringComparison.Ordinal);
        Assert.Contains("Ngozi", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Via Roma 12", page, StringComparison.Ordinal);
        // Read-only: no form to add a note, record a service or edit anything.
        Assert.DoesNotContain("Add note", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Record service", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Edit the case facts", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page[page.IndexOf("<main", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { text = "Officer's note" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsJsonAsync($"/api/v1/cases/{caseId}/services", new { serviceCode = "food", startDate = "2026-02-01" }, Ct)).StatusCode);
        // The API reads the same case, with the grant.
        var viaApi = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct);
        Assert.Equal("Casa Aurora Shelter", viaApi.GetProperty("emergency").GetProperty("ownerOrganisation").GetString());
        // Per user: the colleague has nothing; and the case is in no list or search of the officer's.
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/Cases/View/{caseId}", Ct)).StatusCode);
        Assert.DoesNotContain(reference, await (await officer.GetAsync("/Cases", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var search = await officer.PostAsJsonAsync("/api/v1/cases/search", new { lookup = reference }, Ct);
        Assert.Equal(0, (await search.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("total").GetInt32());

        // "My emergency accesses" with the time left and End now.
        var mine = await Html(await officer.GetAsync("/EmergencyAccess", Ct));
        Assert.Contains($"<a href=\"/Cases/View/{caseId}\">{reference}</a>", mine, StringComparison.Ordinal);
        Assert.Contains("(4 h 0 min left)", mine, StringComparison.Ordinal);
        Assert.Contains($"End now: {reference}", mine, StringComparison.Ordinal);

        // The owner's case page tells its supervisor, who can revoke.
        var ownerPage = await Html(await supervisor.GetAsync($"/Cases/View/{caseId}", Ct));
        Assert.Contains("Emergency access by other organisations", ownerPage, StringComparison.Ordinal);
        Assert.Contains("Revoke emergency access of Metro Police", ownerPage, StringComparison.Ordinal);

        // Both data protection officers see the count at once, and the reason on their page.
        Assert.Contains("Emergency access (1)", await Html(await shelterDpo.GetAsync("/", Ct)), StringComparison.Ordinal);
        Assert.Contains("Emergency access (1)", await Html(await policeDpo.GetAsync("/", Ct)), StringComparison.Ordinal);
        var review = await Html(await shelterDpo.GetAsync("/EmergencyAccess/Review", Ct));
        Assert.Contains(reference, review, StringComparison.Ordinal);
        Assert.Contains(Reason, review, StringComparison.Ordinal);
        Assert.Contains("staff of Metro Police", review, StringComparison.Ordinal);
        var policeReview = await Html(await policeDpo.GetAsync("/EmergencyAccess/Review", Ct));
        Assert.Contains(officerUser.Email, policeReview, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, policeReview, StringComparison.Ordinal);

        // Reviewing: the API answers with the field and 409 when stale; the page records it and the count drops.
        var grant = (await shelterDpo.GetFromJsonAsync<JsonElement>("/api/v1/emergency-access/review", Ct))[0];
        var grantId = grant.GetProperty("id").GetGuid();
        var bad = await shelterDpo.PostAsJsonAsync($"/api/v1/emergency-access/{grantId}/review", new { verdict = "Perhaps" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("verdict", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await shelterDpo.PostAsJsonAsync($"/api/v1/emergency-access/{grantId}/review", new { verdict = "Justified", version = 42 }, Ct)).StatusCode);
        var reviewed = await Html(await PalermoApplication.PostAndFollowAsync(shelterDpo, "/EmergencyAccess/Review",
            new() { ["Id"] = grantId.ToString(), ["Version"] = grant.GetProperty("version").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), ["Verdict"] = "Justified" }));
        Assert.Contains("Review recorded.", reviewed, StringComparison.Ordinal);
        Assert.Contains("Emergency access (0)", reviewed, StringComparison.Ordinal);
        var twice = await shelterDpo.PostAsJsonAsync($"/api/v1/emergency-access/{grantId}/review", new { verdict = "NotJustified" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.True((await twice.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("verdict", out _));

        // The audit log page names the grant's own events, for the officer's organisation.
        var log = await Html(await policeDpo.GetAsync("/Privacy/Audit", Ct));
        Assert.Contains("Emergency access opened", log, StringComparison.Ordinal);
        Assert.Contains("Emergency access refused", log, StringComparison.Ordinal);
        Assert.DoesNotContain("station", log, StringComparison.Ordinal);

        // Ending and revoking: someone else's grant or someone not entitled is 404.
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.PostAsJsonAsync($"/api/v1/emergency-access/{grantId}/end", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await policeDpo.PostAsJsonAsync($"/api/v1/emergency-access/{grantId}/revoke", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.PostAsJsonAsync($"/api/v1/emergency-access/{grantId}/revoke", new { }, Ct)).StatusCode);
        // A version the grant never had is a conflict; the review changed the version, but a form read before it still
        // ends the grant (a review does not bear on ending it; before, this was a 409 and the grant kept running).
        var stale = await PalermoApplication.PostFormAsync(officer, "/EmergencyAccess", new() { ["Id"] = grantId.ToString(), ["Version"] = "9" }, handler: "End");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(1, (await officer.GetFromJsonAsync<JsonElement>("/api/v1/emergency-access/mine", Ct))[0].GetProperty("version").GetInt64());
        var ended = await Html(await PalermoApplication.PostAndFollowAsync(officer, "/EmergencyAccess",
            new() { ["Id"] = grantId.ToString(), ["Version"] = "0" }, handler: "End"));
        Assert.Contains("Emergency access ended", ended, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Cases/View/{caseId}", Ct)).StatusCode);

        // The API: open (400 with the field, then 201), list mine, revoke by the owner's supervisor; then expiry.
        var apiBad = await officer.PostAsJsonAsync("/api/v1/emergency-access", new { reference, reason = Reason, parts = Array.Empty<string>() }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, apiBad.StatusCode);
        Assert.True((await apiBad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("parts", out _));
        var created = await officer.PostAsJsonAsync("/api/v1/emergency-access", new { reference, reason = Reason, parts = new[] { "CaseDetails" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var second = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var list = await officer.GetFromJsonAsync<JsonElement>("/api/v1/emergency-access/mine", Ct);
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/Cases/View/{caseId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.PostAsJsonAsync($"/api/v1/emergency-access/{second}/revoke", new { version = 0 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/Cases/View/{caseId}", Ct)).StatusCode);
        await officer.PostAsJsonAsync("/api/v1/emergency-access", new { reference, reason = Reason, parts = new[] { "CaseDetails" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/Cases/View/{caseId}", Ct)).StatusCode);
        web.Time.Advance(TimeSpan.FromHours(4));
        // Four hours on, the session has long idled out too: the officer as the use cases see them.
        var officerActor = new Actor(officerUser.Id, police.Id, new HashSet<Role> { Role.FrontlineOfficer }, "127.0.0.1");
        await Assert.ThrowsAsync<NotFoundException>(() => web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(caseId, officerActor, null, Ct)));
        var states = await web.With(sp => sp.GetRequiredService<Palermo.EmergencyAccess.ListMyEmergencyAccess>().HandleAsync(officerActor, Ct));
        Assert.Equal(["Ended", "Expired", "Revoked"], states.Select(g => g.State.ToString()).Order());

        // Every view under a grant was recorded with its id; no reason anywhere in the log.
        var purposes = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.Where(e => e.Event == AuditEvent.CaseRead && e.ActorId == officerUser.Id)
            .Select(e => e.Purpose).ToListAsync(Ct));
        Assert.NotEmpty(purposes);
        Assert.All(purposes, p => Assert.Matches("^emergency access [0-9a-f]{32}$", p));
    }

    private static async Task<string> Html(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Regex.Replace(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)), @">\s+<", "><");
    }
}
