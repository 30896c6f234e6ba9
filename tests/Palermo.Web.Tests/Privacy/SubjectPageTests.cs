using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Referrals;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Privacy;

/// <summary>The subject-access page and its JSON through the real endpoints: who received the data, by name.</summary>
public sealed class SubjectPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubjectPage_AfterAReferralAndADownloadByTheReceiver_NamesTheReceiver_AndTheJsonHasTheDownload()
    {
        using var web = new PalermoApplication();
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var receiver = await web.CreateOrganisationAsync("Casa Rifugio Aurora");
        var supervisorUser = await web.CreateUserAsync(Role.CaseSupervisor, holder.Id);
        var receiverUser = await web.CreateUserAsync(Role.CaseWorker, receiver.Id);
        var supervisor = new Actor(supervisorUser.Id, holder.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
        var receiverWorker = new Actor(receiverUser.Id, receiver.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        T Get<T>(IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();

        var c = await web.With(sp => Get<RegisterVictim>(sp).HandleAsync(CaseAccessMatrixTests.Input(), supervisor));
        await web.With(sp => Get<RecordConsent>(sp).HandleAsync(c.CaseId, new("Referral", "Written", receiver.Id), supervisor));
        await web.With(sp => Get<RecordConsent>(sp).HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", receiver.Id), supervisor));
        var referral = await web.With(sp => Get<CreateReferral>(sp).HandleAsync(c.CaseId, new(receiver.Id, ["shelter"], ["Identity"], null, null, null), supervisor));
        await web.With(sp => Get<DecideReferral>(sp).HandleAsync(referral.Id, "Accept", null, receiverWorker));
        var file = await web.With(sp => Get<AttachToCase>(sp).HandleAsync(c.CaseId, new("statement.txt", "text/plain", Encoding.UTF8.GetBytes("Statement.\n")), supervisor));
        await web.With(sp => Get<DownloadAttachment>(sp).HandleAsync(c.CaseId, file.Id, receiverWorker));

        var client = await web.SignInAsync(supervisorUser);
        var page = await client.GetAsync($"/Privacy/Subject/{c.CaseId}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct));
        Assert.Contains("to Casa Rifugio Aurora (accepted", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Casa Rifugio Aurora</strong>: received a referral (accepted)", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"What\">Case attachment downloaded</td><td data-label=\"Record\">Case attachment</td><td data-label=\"By\">Casa Rifugio Aurora</td>", html, StringComparison.Ordinal);

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{c.CaseId}/subject/export", Ct);
        Assert.Equal("Casa Rifugio Aurora", json.GetProperty("referrals")[0].GetProperty("to").GetString());
        Assert.Contains(json.GetProperty("history").EnumerateArray(), h => h.GetProperty("event").GetString() == "CaseAttachmentDownloaded"
            && h.GetProperty("entityId").GetString() == file.Id.ToString() && h.GetProperty("organisation").GetString() == "Casa Rifugio Aurora");
    }

    /// <summary>The hold form and the API both need a reason: without one, a field error and no hold; with one, the
    /// page shows the hold and its reason.</summary>
    [Fact]
    public async Task LegalHold_WithoutAReason_IsAFieldError_WithOne_IsShownWithItsReason()
    {
        using var web = new PalermoApplication();
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var supervisorUser = await web.CreateUserAsync(Role.CaseSupervisor, holder.Id);
        var supervisor = new Actor(supervisorUser.Id, holder.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
        var c = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), supervisor));
        var client = await web.SignInAsync(supervisorUser);
        var url = $"/Privacy/Subject/{c.CaseId}";

        var api = await client.PostAsJsonAsync($"/api/v1/cases/{c.CaseId}/subject/legal-hold", new { hold = true }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("\"reason\"", await api.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var refused = await PalermoApplication.PostFormAsync(client, url, new() { ["Hold"] = "True", ["HoldReason"] = "" }, "Hold");
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Give the reason for the legal hold", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Legal hold</dt><dd>no</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Storage period</dt><dd>no retention schedule: kept until erased on request</dd>", html, StringComparison.Ordinal);

        var set = await PalermoApplication.PostAndFollowAsync(client, url, new() { ["Hold"] = "True", ["HoldReason"] = "Court order 12/2026" }, "Hold");
        html = WebUtility.HtmlDecode(await set.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Legal hold updated.", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Legal hold</dt><dd>yes — reason: Court order 12/2026</dd>", html, StringComparison.Ordinal);
        Assert.Contains("Reason for releasing the legal hold", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The printable page is the person's copy of everything held: besides identity, events, services and referrals it
    /// shows the guardian, the forms of exploitation and means of control, the support plan, the files added and the
    /// closure reason — all of which the JSON already had.
    /// </summary>
    [Fact]
    public async Task SubjectPage_ShowsGuardianSupportPlanFilesAndClosure_AsTheJsonDoes()
    {
        using var web = new PalermoApplication();
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var supervisorUser = await web.CreateUserAsync(Role.CaseSupervisor, holder.Id);
        var supervisor = new Actor(supervisorUser.Id, holder.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
        T Get<T>(IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();
        var c = await web.With(sp => Get<RegisterVictim>(sp).HandleAsync(CaseAccessMatrixTests.Input() with
        {
            Guardian = "Appointed guardian Teresa Lombardi", MethodsOfControl = ["DebtBondage"],
        }, supervisor));
        await web.With(sp => Get<Palermo.Assistance.SaveSupportPlan>(sp).HandleAsync(c.CaseId,
            new(["Legal", "Health"], "Obtain a residence permit", "Appointment with the immigration lawyer", "2026-12-31", null), supervisor));
        await web.With(sp => Get<AttachToCase>(sp).HandleAsync(c.CaseId, new("witness-statement.txt", "text/plain", Encoding.UTF8.GetBytes("Statement.\n")), supervisor));
        var version = (await web.With(sp => Get<GetCase>(sp).HandleAsync(c.CaseId, supervisor))).Version;
        await web.With(async sp =>
        {
            await Get<CloseCase>(sp).HandleAsync(c.CaseId, version, "Closed", "Returned home with family support", supervisor);
            return true;
        });

        var client = await web.SignInAsync(supervisorUser);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Privacy/Subject/{c.CaseId}", Ct));
        Assert.Contains("Appointed guardian Teresa Lombardi", html, StringComparison.Ordinal);
        Assert.Contains("Sexual exploitation", html, StringComparison.Ordinal);
        Assert.Contains("Debt bondage", html, StringComparison.Ordinal);
        Assert.Contains("Obtain a residence permit", html, StringComparison.Ordinal);
        Assert.Contains("Appointment with the immigration lawyer", html, StringComparison.Ordinal);
        Assert.Contains("witness-statement.txt", html, StringComparison.Ordinal);
        Assert.Contains("Returned home with family support", html, StringComparison.Ordinal);
        // Nothing referred, no service, no consent: the printed copy says so instead of ending mid-line.
        Assert.Contains("<p>Services: none</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Referrals: none</p>", html, StringComparison.Ordinal);
        Assert.Matches("<h2>Consents</h2>\\s*<p>None recorded.</p>", html);
    }

    /// <summary>
    /// Erasure cannot be undone, so the form needs an explicit confirmation (without it: a field error, nothing
    /// erased); while a legal hold is in force the page offers no erasure at all, and says why; after erasure it says so.
    /// </summary>
    [Fact]
    public async Task Erase_NeedsConfirmation_IsNotOfferedUnderALegalHold()
    {
        using var web = new PalermoApplication();
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var supervisorUser = await web.CreateUserAsync(Role.CaseSupervisor, holder.Id);
        var supervisor = new Actor(supervisorUser.Id, holder.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
        var c = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), supervisor));
        var client = await web.SignInAsync(supervisorUser);
        var url = $"/Privacy/Subject/{c.CaseId}";
        async Task<bool> Erased() => (await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(c.CaseId, supervisor))).PersonErased;

        var html = WebUtility.HtmlDecode(await (await PalermoApplication.PostFormAsync(client, url, new() { ["Reason"] = "request of the person" }, "Erase")).Content.ReadAsStringAsync(Ct));
        Assert.Contains("<p class=\"field-error\" id=\"confirm-error\">Tick the box to confirm: erasure cannot be undone.</p>", html, StringComparison.Ordinal);
        Assert.False(await Erased());

        await PalermoApplication.PostFormAsync(client, url, new() { ["Hold"] = "True", ["HoldReason"] = "Court order 12/2026" }, "Hold");
        html = WebUtility.HtmlDecode(await client.GetStringAsync(url, Ct));
        Assert.DoesNotContain("Erase this person", html, StringComparison.Ordinal);
        Assert.Contains("A legal hold is in force: erasure (and the deletion of this person's files) is refused until it is released.", html, StringComparison.Ordinal);
        await PalermoApplication.PostFormAsync(client, url, new() { ["Hold"] = "False", ["HoldReason"] = "Proceedings concluded" }, "Hold");

        html = WebUtility.HtmlDecode(await (await PalermoApplication.PostAndFollowAsync(client, url, new() { ["Reason"] = "request of the person", ["Confirm"] = "true" }, "Erase")).Content.ReadAsStringAsync(Ct));
        Assert.True(await Erased());
        Assert.Contains("The person's data was erased. De-identified counts remain in the statistics.", html, StringComparison.Ordinal);
        Assert.Contains("This person's data was erased.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Erase this person", html, StringComparison.Ordinal);
    }

    /// <summary>Bad retention schedules are field errors (never a 500), and only administrators and DPOs may set one.</summary>
    [Fact]
    public async Task RetentionSchedule_BadYears_AreFieldErrors_AndOnlyAdministratorsMaySetIt()
    {
        using var web = new PalermoApplication();
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var admin = await web.SignInAsync(await web.CreateUserAsync(Role.OrganisationAdministrator, org.Id));
        foreach (var body in new[] { "{\"closedCaseYears\": -3}", "{\"closedCaseYears\": 0}", "{\"closedCaseYears\": 101}", "{\"closedCaseYears\": 99999999999}", "{\"closedCaseYears\": \"ten\"}", "{\"closedCaseYears\": 2.5}" })
        {
            var response = await admin.PutAsync("/api/v1/retention", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync("/api/v1/retention", new { closedCaseYears = 7 }, Ct)).StatusCode);
        var supervisor = await web.SignInAsync(await web.CreateUserAsync(Role.CaseSupervisor, org.Id));
        // Denied like every out-of-scope request: 404, not 403.
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PutAsJsonAsync("/api/v1/retention", new { closedCaseYears = 1 }, Ct)).StatusCode);
    }
}
