using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

/// <summary>
/// The systematic check of "never log or expose personal data": every personal field gets a distinctive marker, the
/// real flows run through the pages and the API with every log category at Trace (Debug included), and afterwards no marker (nor the
/// birth date) may be in a log line or scope, in any text column of the audit log, in a URL the app produced, or in an
/// error text it showed. Typing a value back into the user's own form field is allowed; nothing else is.
/// </summary>
public sealed partial class PersonalDataLeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task Sweep_OnSqlite_NoMarkerInLogsAuditUrlsOrErrors() => SweepAsync(new PalermoApplication(settings: TraceEverywhere));

    [Fact]
    public async Task Sweep_OnPostgres_NoMarkerInLogsAuditUrlsOrErrors() =>
        await SweepAsync(new PalermoApplication(await TestEnv.CreatePostgresDatabaseAsync(), settings: TraceEverywhere));

    /// <summary>What an operator chasing a fault might set: every category at its lowest level (Trace, so Debug too), the framework's included.</summary>
    private static readonly Dictionary<string, string> TraceEverywhere = new()
    {
        ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace", ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Trace",
        // And for the provider itself (as Logging:Console:LogLevel:… would be for the console), which outranks the
        // rules for all providers: the caps must hold against these too.
        [$"Logging:{typeof(CapturedLogs).FullName}:LogLevel:Default"] = "Trace",
        [$"Logging:{typeof(CapturedLogs).FullName}:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
        [$"Logging:{typeof(CapturedLogs).FullName}:LogLevel:Microsoft.AspNetCore.Mvc.RazorPages"] = "Trace",
    };

    private static async Task SweepAsync(PalermoApplication web)
    {
        using var _ = web;
        var m = new LeakRecorder();
        var ngo = await web.CreateOrganisationAsync("Sweep NGO");
        var shelter = await web.CreateOrganisationAsync("Sweep Shelter", Palermo.Organisations.OrganisationKind.Shelter);
        var elsewhere = await web.CreateOrganisationAsync("Sweep Elsewhere");
        var approverUser = await web.CreateUserAsync(Role.CaseSupervisor, ngo.Id);
        var owner = await SignInAsync(web, m, await web.CreateUserAsync(Role.CaseSupervisor, ngo.Id));
        var approver = await SignInAsync(web, m, approverUser);
        var receiver = await SignInAsync(web, m, await web.CreateUserAsync(Role.CaseWorker, shelter.Id));
        var outsider = await SignInAsync(web, m, await web.CreateUserAsync(Role.CaseWorker, elsewhere.Id));
        var officer = await SignInAsync(web, m, await web.CreateUserAsync(Role.FrontlineOfficer, ngo.Id));

        // 1. Registration through the form, then the same name again (the duplicate warning).
        var (given, family) = (m.M(), m.M());
        var form = SweepInputs.RegisterForm(m, given, family);
        var registered = await PalermoApplication.PostFormAsync(owner, "/Cases/Register", form);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var formCase = Guid.Parse(registered.Headers.Location!.OriginalString.Split('/')[^1]);
        var again = await PalermoApplication.PostFormAsync(owner, "/Cases/Register", SweepInputs.RegisterForm(m, given, family));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("A similar person is already recorded", await owner.GetStringAsync(again.Headers.Location!.OriginalString, Ct), StringComparison.Ordinal);

        // 2. Registration through the API, with every personal field, and its duplicate.
        var document = m.M();
        var apiInput = SweepInputs.FullInput(m, document);
        var apiCase = await RegisterApiAsync(owner, apiInput);
        var dup = await owner.PostAsJsonAsync("/api/v1/cases", apiInput with { DocumentNumber = m.M() }, Ct);
        Assert.NotEmpty((await dup.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.PossibleDuplicates);

        // 3. Refused input, a marker in the faulty field: forms, API, JSON of the wrong type, a bound number.
        foreach (var (field, value) in new[] { ("Input.BirthDate", m.M()), ("Input.Gender", m.M()), ("Citizenships", m.M()), ("Input.MailingCountry", m.M()), ("Input.CountryOfDetection", m.M()), ("EventDates", m.M()) })
        {
            var refused = await PalermoApplication.PostFormAsync(owner, "/Cases/Register", new(SweepInputs.RegisterForm(m, m.M(), m.M())) { [field] = value });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            if (field != "Input.Gender") Assert.Contains(value, await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal); // kept in its own field
        }

        foreach (var bad in new[]
        {
            apiInput with { BirthDate = m.M() }, apiInput with { Gender = m.M() }, apiInput with { Citizenships = [m.M()] }, apiInput with { MailingCountry = m.M() },
            apiInput with { CountryOfDetection = m.M() }, apiInput with { EstimatedAge = m.M() }, apiInput with { PerpetratorBirthDate = m.M() },
            apiInput with { Events = [new EventInput(m.M(), "UKR", "2025-01-01")] }, apiInput with { GivenName = m.M() + new string('x', 300) },
        })
            Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync("/api/v1/cases", bad, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PutAsync($"/api/v1/cases/{apiCase}/person",
            new StringContent($"{{\"version\":\"{m.M()}\",\"person\":{{\"givenName\":\"{m.M()}\"}}}}", Encoding.UTF8, "application/json"), Ct)).StatusCode);
        var identityUrl = $"/Cases/Identity/{formCase}";

        // 4. Corrections: identity (page and API), facts (page), then a stale identity form and a stale API write.
        var v = await PersonVersionAsync(owner, formCase);
        Assert.Equal(HttpStatusCode.Redirect, (await PalermoApplication.PostFormAsync(owner, identityUrl, SweepInputs.IdentityForm(m, v.ToString(CultureInfo.InvariantCulture)))).StatusCode);
        var stale = await PalermoApplication.PostFormAsync(owner, identityUrl, SweepInputs.IdentityForm(m, v.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains("changed by someone else", await stale.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PalermoApplication.PostFormAsync(owner, identityUrl, SweepInputs.IdentityForm(m, m.M()))).StatusCode); // a version that is no number
        var person = new { givenName = m.M(), familyName = m.M(), aliases = m.M(), birthDate = "1983-07-29", contacts = m.M(), documentNumber = m.M(), mailingStreet = m.M(), citizenships = new[] { "UA" } };
        var apiV = await PersonVersionAsync(owner, apiCase);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PutAsJsonAsync($"/api/v1/cases/{apiCase}/person", new { version = apiV, person }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PutAsJsonAsync($"/api/v1/cases/{apiCase}/person", new { version = apiV, person = person with { givenName = m.M() } }, Ct)).StatusCode);
        var editUrl = $"/Cases/Edit/{formCase}";
        var facts = new Dictionary<string, string>(SweepInputs.RegisterForm(m, "", ""))
        {
            ["Version"] = (await CaseVersionAsync(owner, formCase)).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var k in facts.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal) && !SweepInputs.IsFact(k)).ToList()) facts.Remove(k);
        Assert.Equal(HttpStatusCode.Redirect, (await PalermoApplication.PostFormAsync(owner, editUrl, facts)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PalermoApplication.PostFormAsync(owner, editUrl, facts)).StatusCode); // stale

        // 5. Notes, files, a grounds decision and a support plan, through the page and the API.
        var view = $"/Cases/View/{formCase}";
        await DoneAsync(await PalermoApplication.PostFormAsync(owner, view, new() { ["NoteText"] = m.M() }, "Note"));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/cases/{apiCase}/notes", new { text = m.M() }, Ct)).StatusCode);
        var file = await owner.PostAsJsonAsync($"/api/v1/cases/{apiCase}/attachments", new { fileName = $"passport_{m.M()}.txt", contentType = "text/plain", content = Encoding.UTF8.GetBytes(m.M()) }, Ct);
        var fileId = (await file.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/cases/{apiCase}/attachments/{fileId}", Ct)).StatusCode);
        var uploaded = await UploadAsync(owner, $"/Cases/Attachments/{formCase}", null, $"statement_{m.M()}.txt", Encoding.UTF8.GetBytes("Statement " + m.M()));
        await DoneAsync(uploaded);
        var files = await owner.GetStringAsync($"/Cases/Attachments/{formCase}", Ct);
        var download = Regex.Match(files, "href=\"(/Cases/Attachments/[^\"]+handler=Download[^\"]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(WebUtility.HtmlDecode(download), Ct)).StatusCode);
        var refusedFile = await UploadAsync(owner, $"/Cases/Attachments/{formCase}", null, $"{m.M()}.exe", "MZ\u0090\u0000"u8.ToArray());
        Assert.Contains("file-error", await refusedFile.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var decision = await PalermoApplication.PostFormAsync(owner, view, new()
        {
            ["DecisionVersion"] = (await CaseVersionAsync(owner, formCase)).ToString(CultureInfo.InvariantCulture), ["Stage"] = "ReasonableGrounds",
            ["DecisionDate"] = "2026-01-16", ["DecisionOutcome"] = "Positive", ["DecisionReasons"] = m.M(),
        }, "Decision");
        await DoneAsync(decision);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/v1/cases/{apiCase}/decisions",
            new { version = await CaseVersionAsync(owner, apiCase), stage = m.M(), date = "2026-01-16", outcome = "Positive", reasons = m.M() }, Ct)).StatusCode);
        await SucceededAsync(await owner.PostAsJsonAsync($"/api/v1/cases/{apiCase}/decisions",
            new { version = await CaseVersionAsync(owner, apiCase), stage = "ReasonableGrounds", date = "2026-01-16", outcome = "Positive", reasons = m.M() }, Ct));
        await SucceededAsync(await owner.PutAsJsonAsync($"/api/v1/cases/{apiCase}/support-plan", new { types = new[] { "Legal" }, objectives = m.M(), actionPlan = m.M() }, Ct));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/cases/{apiCase}/notes", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(view, Ct)).StatusCode);

        // 6. Consent, referral, acceptance, a declined referral with its reason, a consent override refused with its reason.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/v1/cases/{formCase}/consents", new { purpose = m.M(), recordedAs = m.M(), recipientOrganisationId = shelter.Id }, Ct)).StatusCode);
        var accepted = await ReferAsync(owner, formCase, shelter.Id);
        // The decision forms carry the referral's version, as the page renders it.
        async Task<string> VersionOnPageAsync(Guid id) =>
            Regex.Match(await receiver.GetStringAsync("/Referrals", Ct), $"name=\"Id\" value=\"{id}\"><input type=\"hidden\" name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        var page = await PalermoApplication.PostAndFollowAsync(receiver, "/Referrals", new() { ["Id"] = accepted.ToString(), ["Decision"] = "Accept", ["Version"] = await VersionOnPageAsync(accepted) });
        Assert.Contains("Referral accepted.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var declined = await ReferAsync(owner, apiCase, shelter.Id);
        var decline = await PalermoApplication.PostAndFollowAsync(receiver, "/Referrals", new() { ["Id"] = declined.ToString(), ["Decision"] = "Decline", ["Reason"] = m.M(), ["Version"] = await VersionOnPageAsync(declined) });
        Assert.Contains("Referral declined.", await decline.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var thirdCase = await RegisterApiAsync(owner, SweepInputs.FullInput(m, m.M()));
        var overridden = await owner.PostAsJsonAsync($"/api/v1/cases/{thirdCase}/referrals", new
        {
            toOrganisationId = shelter.Id, services = new[] { "shelter" }, parts = new[] { "Identity" }, overrideReason = m.M(), approvedBySupervisorId = approverUser.Id,
        }, Ct);
        overridden.EnsureSuccessStatusCode();
        var overrideId = (await overridden.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await SucceededAsync(await approver.PostAsJsonAsync($"/api/v1/referrals/{overrideId}/override-approval", new { approve = false, reason = m.M() }, Ct));

        // 7. Services: the receiver records one through the API, the owner one on the page, then updates it (and a stale update).
        await SucceededAsync(await receiver.PostAsJsonAsync($"/api/v1/cases/{formCase}/services", new { serviceCode = "shelter", startDate = "2026-01-20", status = "Planned", outcome = m.M() }, Ct));
        var svc = await owner.PostAsJsonAsync($"/api/v1/cases/{formCase}/services", new { serviceCode = "interpretation", startDate = "2026-01-20", status = "Planned", outcome = m.M() }, Ct);
        var svcJson = await svc.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var svcVersion = svcJson.GetProperty("version").GetInt64().ToString(CultureInfo.InvariantCulture);
        Dictionary<string, string> Update(string outcome) => new()
        {
            ["ServiceId"] = svcJson.GetProperty("id").GetString()!, ["ServiceVersion"] = svcVersion, ["SvcStatus"] = "Delivered", ["SvcEndDate"] = "2026-02-03", ["SvcOutcome"] = outcome,
        };
        await DoneAsync(await PalermoApplication.PostFormAsync(owner, view, Update(m.M()), "UpdateService"));
        Assert.Contains("changed by someone else", await (await PalermoApplication.PostFormAsync(owner, view, Update(m.M()), "UpdateService")).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await DoneAsync(await PalermoApplication.PostFormAsync(owner, view, new()
        {
            ["ServiceCode"] = "interpretation", ["StartDate"] = "2026-01-21", ["ServiceStatus"] = "Planned", ["ServiceOutcome"] = m.M(),
        }, "Service"));
        Assert.Equal(HttpStatusCode.OK, (await receiver.GetAsync($"/Cases/View/{formCase}", Ct)).StatusCode);

        // Closing with a reason (refused with a bad status, done, then refused again as stale and closed), the reason a marker.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/v1/cases/{thirdCase}/close", new { version = await CaseVersionAsync(owner, thirdCase), closeAs = m.M(), reason = m.M() }, Ct)).StatusCode);
        var closeAt = await CaseVersionAsync(owner, thirdCase);
        await SucceededAsync(await owner.PostAsJsonAsync($"/api/v1/cases/{thirdCase}/close", new { version = closeAt, closeAs = "Closed", reason = m.M() }, Ct));
        Assert.False((await owner.PostAsJsonAsync($"/api/v1/cases/{thirdCase}/close", new { version = closeAt, closeAs = "Closed", reason = m.M() }, Ct)).IsSuccessStatusCode);

        // 8. Searches: name and document number, on the page (a POST) and the API; a name put in a URL by a client is refused.
        var search = await PalermoApplication.PostFormAsync(owner, "/Cases", new() { ["Name"] = $"{apiInput.GivenName} {apiInput.FamilyName}", ["Lookup"] = "" });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PalermoApplication.PostFormAsync(owner, "/Cases", new() { ["Lookup"] = document })).StatusCode);
        var found = await owner.PostAsJsonAsync("/api/v1/cases/search", new { name = $"{given} {family}" }, Ct);
        Assert.NotEqual(0, (await found.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/v1/cases/search", new { lookup = document }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync("/api/v1/cases/search", new { from = m.M() }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/api/v1/cases?name={given}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/api/v1/cases?lookup={document}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/api/v1/cases?country={m.M()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Cases?Name={given}&Lookup={document}&AssignedToMe={m.M()}&From={m.M()}", Ct)).StatusCode);

        // 9. Another organisation: everything out of reach answers 404 and finds nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/cases/{formCase}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/Cases/View/{apiCase}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsJsonAsync($"/api/v1/cases/{apiCase}/person", new { version = 1, person = person with { givenName = m.M() } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/v1/cases/{apiCase}/notes", new { text = m.M() }, Ct)).StatusCode);
        var none = await outsider.PostAsJsonAsync("/api/v1/cases/search", new { name = $"{given} {family}", lookup = document }, Ct);
        Assert.Equal(0, (await none.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items").GetArrayLength());

        // 10. Screening with markers where an indicator list and indicators belong.
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/v1/screenings", new { listId = m.M(), listVersion = m.M(), indicators = new[] { m.M() } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/v1/screenings", new { listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators = new[] { m.M() } }, Ct)).StatusCode);
        await officer.GetAsync($"/Screening/Checklist?list={m.M()}&version={m.M()}", Ct);

        // 11. HTCDS import: a good file and a file whose bad cells are markers, through the API and the page; exports.
        var good = SweepInputs.HtcdsGood(m);
        var imported = await owner.PostAsync("/api/v1/cases/import", new StringContent(good, Encoding.UTF8, "text/csv"), Ct);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync(Ct));
        var badFile = SweepInputs.HtcdsBad(m);
        var badApi = await owner.PostAsync("/api/v1/cases/import", new StringContent(badFile, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badApi.StatusCode);
        Assert.Contains("row 2, prs_Birthdate", await badApi.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal); // where, never what
        var badPage = await UploadAsync(owner, "/Cases/Transfer", "Import", $"cases_{m.M()}.csv", Encoding.UTF8.GetBytes(badFile));
        Assert.Contains("Nothing was imported", WebUtility.HtmlDecode(await badPage.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        var goodPage = await PalermoApplication.FollowAsync(owner, await UploadAsync(owner, "/Cases/Transfer", "Import", $"cases_{m.M()}.csv", Encoding.UTF8.GetBytes(SweepInputs.HtcdsGood(m))), "/Cases/Transfer");
        Assert.Contains("Imported 1 case(s)", WebUtility.HtmlDecode(await goodPage.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        foreach (var format in new[] { "htcds", "json" })
        {
            var export = await owner.PostAsJsonAsync("/api/v1/cases/export", new { format }, Ct);
            Assert.Contains(person.givenName, await export.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal); // the export's purpose
        }

        Assert.Equal(HttpStatusCode.OK, (await PalermoApplication.PostFormAsync(owner, "/Cases/Transfer", new() { ["format"] = "json" }, "Export")).StatusCode);

        // 12. Subject access, legal hold (set and released with reasons), erasure through the API and the page.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/cases/{apiCase}/subject/export", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/Privacy/Subject/{formCase}", Ct)).StatusCode);
        await DoneAsync(await PalermoApplication.PostFormAsync(owner, $"/Privacy/Subject/{apiCase}", new() { ["Hold"] = "True", ["HoldReason"] = m.M() }, "Hold"));
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/v1/cases/{apiCase}/subject/erase", new { reason = "request " + m.M() }, Ct)).StatusCode);
        Assert.True((await owner.PostAsJsonAsync($"/api/v1/cases/{apiCase}/subject/legal-hold", new { hold = false, reason = m.M() }, Ct)).IsSuccessStatusCode);
        Assert.True((await owner.PostAsJsonAsync($"/api/v1/cases/{apiCase}/subject/erase", new { reason = "request " + m.M() }, Ct)).IsSuccessStatusCode);
        var erased = await PalermoApplication.PostFormAsync(owner, $"/Privacy/Subject/{thirdCase}", new() { ["Reason"] = m.M(), ["Confirm"] = "true" }, "Erase");
        await DoneAsync(erased);

        // What was swept.
        Assert.True(m.Responses > 100, $"only {m.Responses} responses");
        Assert.Contains(web.Logs.Lines, l => l.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(web.Logs.Lines, l => l.StartsWith("Debug Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(web.Logs.Lines, l => l.StartsWith("Scope ", StringComparison.Ordinal));
        Assert.Contains(m.Urls, u => u.Url.StartsWith("Location: /Cases/View/", StringComparison.Ordinal));
        Assert.Contains(m.ErrorTexts, e => e.Text.StartsWith("row 2, prs_Birthdate", StringComparison.Ordinal));
        Assert.Contains(m.ErrorTexts, e => e.Text.Contains("AssignedToMe", StringComparison.Ordinal));

        await AssertNothingLeakedAsync(web, m);
    }

    private static async Task AssertNothingLeakedAsync(PalermoApplication web, LeakRecorder m)
    {
        await web.With(sp => sp.GetRequiredService<SearchAuditLog>().FlushAsync(Ct));
        var audit = await AuditTextAsync(web);
        Assert.NotEmpty(audit);
        var leaks = web.Logs.Lines.Where(LeakRecorder.Leaks).Select(l => "log: " + l)
            .Concat(audit.Where(LeakRecorder.Leaks).Select(a => "audit: " + a))
            .Concat(m.Urls.Where(u => LeakRecorder.Leaks(u.Url)).Select(u => $"url in the answer to {u.From}: {u.Url}"))
            .Concat(m.ErrorTexts.Where(e => LeakRecorder.Leaks(e.Text)).Select(e => $"error text in the answer to {e.From}: {e.Text}"))
            .Distinct().Take(20).ToList();
        Assert.True(leaks.Count == 0, "Personal data leaked:\n" + string.Join("\n", leaks));
    }

    /// <summary>Every text column of every audit row, read from the table itself.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The table name comes from the EF model.")]
    private static Task<List<string>> AuditTextAsync(PalermoApplication web) => web.With(async sp =>
    {
        var db = sp.GetRequiredService<PalermoDbContext>();
        var table = db.Model.FindEntityType(typeof(AuditEntry))!.GetTableName();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        await using DbCommand cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\"";
        var text = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                if (value is string s) text.Add($"{reader.GetName(i)}={s}");
                else if (value is byte[] b) text.Add($"{reader.GetName(i)}={Encoding.UTF8.GetString(b)}");
            }
        }

        return text;
    });

    private static async Task SucceededAsync(HttpResponseMessage res) =>
        Assert.True(res.IsSuccessStatusCode, $"{(int)res.StatusCode}: {await res.Content.ReadAsStringAsync(Ct)}");

    /// <summary>A page form that went through: a redirect, or the page again without a field error.</summary>
    private static async Task DoneAsync(HttpResponseMessage res)
    {
        var body = await res.Content.ReadAsStringAsync(Ct);
        Assert.True(res.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther || (res.StatusCode == HttpStatusCode.OK && !body.Contains("field-error", StringComparison.Ordinal)
            && !body.Contains("validation-summary-errors", StringComparison.Ordinal)), $"{res.StatusCode}: {Regex.Match(body, "class=\"(?:field-error|form-errors validation-summary-errors)\"[^>]*>.*?</(?:p|div)>", RegexOptions.Singleline).Value}");
    }

    private static async Task<HttpClient> SignInAsync(PalermoApplication web, LeakRecorder recorder, TestUser user) =>
        await web.SignInAsync(user, web.CreateDefaultClient(new Uri("http://localhost"), recorder.Tap(), new CookieContainerHandler()));

    private static async Task<Guid> RegisterApiAsync(HttpClient client, CaseInput input)
    {
        var res = await client.PostAsJsonAsync("/api/v1/cases", input, Ct);
        Assert.True(res.StatusCode == HttpStatusCode.Created, await res.Content.ReadAsStringAsync(Ct));
        return (await res.Content.ReadFromJsonAsync<RegisteredCase>(Ct))!.CaseId;
    }

    private static async Task<Guid> ReferAsync(HttpClient owner, Guid caseId, Guid to)
    {
        foreach (var purpose in new[] { "Referral", "SharingIdentifiableData" })
            (await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents", new { purpose, recordedAs = "Written", recipientOrganisationId = to }, Ct)).EnsureSuccessStatusCode();
        var created = await owner.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new { toOrganisationId = to, services = new[] { "shelter" }, parts = new[] { "Identity", "Contacts", "Services" } }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<long> PersonVersionAsync(HttpClient c, Guid caseId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}/person", Ct)).GetProperty("version").GetInt64();

    private static async Task<long> CaseVersionAsync(HttpClient c, Guid caseId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}", Ct)).GetProperty("version").GetInt64();

    /// <summary>A file posted as a browser does: the page's antiforgery token, then multipart.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, string? handler, string fileName, byte[] content)
    {
        var token = Regex.Match(await client.GetStringAsync(url, Ct), "name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__af" }, { new ByteArrayContent(content), "file", fileName } };
        return await client.PostAsync(handler is null ? url : $"{url}?handler={handler}", form, Ct);
    }
}
