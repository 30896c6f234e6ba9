using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;
using Palermo.Testing;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Audit;

/// <summary>
/// The data protection officer reads the audit log through the real page and API: their own organisation's entries
/// only, by account, event, case and dates, page by page, with a field error for a bad filter — and the reading is
/// itself recorded.
/// </summary>
public sealed class AuditLogPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task Officer_FindsWhatAnAccountReadAndWhoOutsideReadACase_Sqlite() => RunAsync(null);

    [Fact]
    public async Task Officer_FindsWhatAnAccountReadAndWhoOutsideReadACase_Postgres() => await RunAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task RunAsync(string? postgres)
    {
        using var web = new PalermoApplication(postgres);
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var receiver = await web.CreateOrganisationAsync("Casa Rifugio Aurora");
        var elsewhere = await web.CreateOrganisationAsync("Inland Support Network");
        var supervisorUser = await web.CreateUserAsync(Role.CaseSupervisor, holder.Id);
        var workerUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var officerUser = await web.CreateUserAsync(Role.DataProtectionOfficer, holder.Id);
        var receiverUser = await web.CreateUserAsync(Role.CaseWorker, receiver.Id);
        var outsiderUser = await web.CreateUserAsync(Role.CaseWorker, elsewhere.Id);
        var outsiderOfficer = await web.CreateUserAsync(Role.DataProtectionOfficer, elsewhere.Id);
        var supervisor = new Actor(supervisorUser.Id, holder.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
        var worker = new Actor(workerUser.Id, holder.Id, new HashSet<Role> { Role.CaseWorker }, "10.1.2.3");
        var receiverWorker = new Actor(receiverUser.Id, receiver.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var outsider = new Actor(outsiderUser.Id, elsewhere.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        T Get<T>(IServiceProvider sp) where T : notnull => sp.GetRequiredService<T>();

        var referred = await web.With(sp => Get<RegisterVictim>(sp).HandleAsync(CaseAccessMatrixTests.Input(), supervisor));
        var other = await web.With(sp => Get<RegisterVictim>(sp).HandleAsync(CaseAccessMatrixTests.Input() with { GivenName = "Amara" }, supervisor));
        var theirs = await web.With(sp => Get<RegisterVictim>(sp).HandleAsync(CaseAccessMatrixTests.Input() with { GivenName = "Yusuf" }, outsider));
        await web.With(sp => Get<RecordConsent>(sp).HandleAsync(referred.CaseId, new("Referral", "Written", receiver.Id), supervisor));
        await web.With(sp => Get<RecordConsent>(sp).HandleAsync(referred.CaseId, new("SharingIdentifiableData", "Written", receiver.Id), supervisor));
        var referral = await web.With(sp => Get<CreateReferral>(sp).HandleAsync(referred.CaseId, new(receiver.Id, ["shelter"], ["Identity"], null, null, null), supervisor));
        await web.With(sp => Get<DecideReferral>(sp).HandleAsync(referral.Id, "Accept", null, receiverWorker));
        await web.With(sp => Get<GetCase>(sp).HandleAsync(referred.CaseId, receiverWorker));
        // The worker opens both of the organisation's cases; someone in another organisation opens their own.
        await web.With(sp => Get<GetCase>(sp).HandleAsync(referred.CaseId, worker));
        await web.With(sp => Get<GetCase>(sp).HandleAsync(other.CaseId, worker));
        await web.With(sp => Get<GetCase>(sp).HandleAsync(theirs.CaseId, outsider));
        var (referredRef, otherRef, theirRef) = await web.With(async sp =>
        {
            var db = Get<PalermoDbContext>(sp);
            var refs = await db.Cases.Where(c => c.Id == referred.CaseId || c.Id == other.CaseId || c.Id == theirs.CaseId).ToDictionaryAsync(c => c.Id, c => c.Reference, Ct);
            return (refs[referred.CaseId], refs[other.CaseId], refs[theirs.CaseId]);
        });

        var officer = await web.SignInAsync(officerUser);
        var home = await Html(await officer.GetAsync("/", Ct));
        Assert.Contains("<a href=\"/Privacy/Audit\">Audit log</a>", home, StringComparison.Ordinal);

        // Everything of the organisation, newest first: the worker's reads with their address, never another organisation's.
        var html = await Html(await officer.GetAsync("/Privacy/Audit", Ct));
        Assert.Contains($"<td data-label=\"By\">{workerUser.Email}</td><td data-label=\"Event\">Case read</td><td data-label=\"Record\">Case {otherRef}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"Network address\">10.1.2.3</td>", html, StringComparison.Ordinal);
        // The officer's own sign-in, the account by its address rather than an id.
        Assert.Contains($"<td data-label=\"Event\">Sign in succeeded</td><td data-label=\"Record\">Account {officerUser.Email}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(outsiderUser.Email, html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirRef, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Casa Rifugio Aurora", html, StringComparison.Ordinal); // the receiver's reads are not the organisation's own
        Assert.DoesNotContain(CaseAccessMatrixTests.Input().FamilyName!, html, StringComparison.Ordinal);

        // One account and one event: exactly the worker's two case reads.
        html = await Html(await officer.GetAsync($"/Privacy/Audit?account={workerUser.Id}&event=CaseRead", Ct));
        Assert.Equal(2, Count(html, "<td data-label=\"Event\">Case read</td>"));
        Assert.Contains($"<option value=\"{workerUser.Id}\" selected=\"selected\">{workerUser.Email}</option>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td data-label=\"Event\">Person read</td>", html, StringComparison.Ordinal);

        // One case: everything done to it and its person, the receiving organisation's reads by the organisation's name.
        html = await Html(await officer.GetAsync($"/Privacy/Audit?case={referredRef.ToLowerInvariant()}", Ct));
        Assert.Contains("<td data-label=\"By\">Casa Rifugio Aurora</td><td data-label=\"Event\">Case read</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td data-label=\"By\">{workerUser.Email}</td><td data-label=\"Event\">Person read</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(receiverUser.Email, html, StringComparison.Ordinal);
        Assert.DoesNotContain($"Case {otherRef}", html, StringComparison.Ordinal);

        // Bad filters: a field error each, the form still there, no entries shown.
        foreach (var (query, field, message) in new[]
        {
            ($"case={theirRef}", "case", "No case of your organisation has this reference."),
            ($"account={outsiderUser.Id}", "account", "Choose an account of your organisation."),
            ("account=not-an-id", "account", "Choose an account of your organisation."),
            ("event=1301", "event", "Unknown event. Choose one from the list."),
            ("from=2026-05-01&to=2026-04-01", "from", "The start date is after the end date."),
            ("to=31/12/2026", "to", "Use a date in the form YYYY-MM-DD."),
            ("before=-5", "before", "Use a whole number from 1."),
        })
        {
            html = await Html(await officer.GetAsync("/Privacy/Audit?" + query, Ct));
            // A page number typed into the address has no field of its own: the error summary says it.
            Assert.Contains(field == "before" ? $"<li>{message}</li>" : $"<p class=\"field-error\" id=\"{field}-error\">{message}</p>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<td data-label=\"Event\">", html, StringComparison.Ordinal);
            Assert.Contains("<button type=\"submit\">Show</button>", html, StringComparison.Ordinal);
        }

        // The API: the same entries and errors, an unknown parameter refused by name.
        var json = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/audit?account={workerUser.Id}&event=caseread", Ct);
        Assert.Equal(2, json.GetProperty("entries").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("older").ValueKind);
        Assert.Equal(workerUser.Email, json.GetProperty("entries")[0].GetProperty("by").GetString());
        var bad = await officer.GetAsync("/api/v1/audit?actor=" + workerUser.Id, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"query\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        bad = await officer.GetAsync("/api/v1/audit?case=PAL-1999-000001", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"case\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Another organisation's officer sees none of this organisation's entries.
        var theirOfficer = await web.SignInAsync(outsiderOfficer);
        var theirs2 = await theirOfficer.GetFromJsonAsync<JsonElement>("/api/v1/audit", Ct);
        Assert.DoesNotContain(theirs2.GetProperty("entries").EnumerateArray(), e => e.GetProperty("by").GetString() == workerUser.Email);
        Assert.Contains(theirs2.GetProperty("entries").EnumerateArray(), e => e.GetProperty("caseReference").GetString() == theirRef);
        // Nobody else may read the log: the page and the API are not there for them.
        var caseWorker = await web.SignInAsync(workerUser);
        Assert.Equal(HttpStatusCode.NotFound, (await caseWorker.GetAsync("/Privacy/Audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await caseWorker.GetAsync("/api/v1/audit", Ct)).StatusCode);

        // The reading itself is on the record, naming the account looked into — never a name or an address.
        var reads = await web.With(sp => Get<PalermoDbContext>(sp).AuditEntries.Where(e => e.Event == AuditEvent.AuditLogRead && e.ActorId == officerUser.Id)
            .OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Contains(reads, e => e.EntityType == "User" && e.EntityId == workerUser.Id.ToString() && e.Purpose == "audit log read: 2 entries; event CaseRead");
        Assert.Contains(reads, e => e.EntityType == nameof(Case) && e.EntityId == referred.CaseId.ToString());
        Assert.All(reads, e => Assert.DoesNotContain("@", e.Purpose ?? "", StringComparison.Ordinal));
    }

    /// <summary>More than a page: "Older entries" keeps the filters and walks back without a gap or a repeat.</summary>
    [Fact]
    public async Task OlderEntries_WalkTheWholeLog_KeepingTheFilter()
    {
        using var web = new PalermoApplication();
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var workerUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var officerUser = await web.CreateUserAsync(Role.DataProtectionOfficer, holder.Id);
        var worker = new Actor(workerUser.Id, holder.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var c = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), worker));
        for (var i = 0; i < 230; i++) await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(c.CaseId, worker));

        var officer = await web.SignInAsync(officerUser);
        var seen = new List<long>();
        var url = $"/Privacy/Audit?account={workerUser.Id}&event=CaseRead";
        for (var pages = 0; url is not null; pages++)
        {
            Assert.True(pages < 5, "the pager does not end");
            var html = await Html(await officer.GetAsync(url, Ct));
            seen.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "<td data-label=\"No.\">(\\d+)</td>").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            var older = System.Text.RegularExpressions.Regex.Match(html, "<a href=\"(/Privacy/Audit\\?[^\"]+)\">Older entries</a>");
            url = older.Success ? older.Groups[1].Value : null;
            if (url is not null) Assert.Contains("event=CaseRead", url, StringComparison.Ordinal);
        }

        Assert.Equal(230, seen.Count);
        Assert.Equal(seen.OrderByDescending(s => s), seen);
        Assert.Equal(230, seen.Distinct().Count());
    }

    private static int Count(string html, string what) => (html.Length - html.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static async Task<string> Html(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Cells as one run of text: the markup's line breaks between them are not what a reader meets.
        return System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)), @">\s+<", "><");
    }
}
