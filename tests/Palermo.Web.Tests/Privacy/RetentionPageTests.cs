using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Privacy;

/// <summary>The organisation administrator's retention page, through the real pages and forms (no browser).</summary>
public sealed partial class RetentionPageTests
{
    private const string Url = "/Privacy/Retention";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// An administrator finds the page in the navigation, sets a schedule, previews another number of years without
    /// saving it, changes the schedule, sees what the run then did, and removes the schedule — every step shown as
    /// counts, never the person's name; each change audited.
    /// </summary>
    [Fact]
    public async Task Administrator_SetsPreviewsChangesAndRemovesTheSchedule_SeesTheLastRunAsCounts()
    {
        using var web = new PalermoApplication(backgroundJobs: false);
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var adminUser = await web.CreateUserAsync(Role.OrganisationAdministrator, org.Id);
        var workerUser = await web.CreateUserAsync(Role.CaseSupervisor, org.Id);
        var worker = new Actor(workerUser.Id, org.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
        var c = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), worker));
        var version = (await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(c.CaseId, worker))).Version;
        await web.With(async sp =>
        {
            await sp.GetRequiredService<CloseCase>().HandleAsync(c.CaseId, version, "Closed", "assistance completed", worker);
            return true;
        });
        var name = CaseAccessMatrixTests.Input().GivenName!;
        var admin = await web.SignInAsync(adminUser);

        var html = await Html(await admin.GetAsync(Url, Ct));
        Assert.Contains("<a href=\"/Privacy/Retention\">Retention</a>", html, StringComparison.Ordinal);
        Assert.Contains("None: retention erases nobody of this organisation.", html, StringComparison.Ordinal);
        Assert.Contains("No run has applied a schedule of this organisation yet.", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"closedCaseYears\">", html, StringComparison.Ordinal);
        Assert.Contains("retention schedule</a>", await Html(await admin.GetAsync("/Admin/Users", Ct)), StringComparison.Ordinal);

        html = await Html(await PalermoApplication.PostAndFollowAsync(admin, Url, new() { ["ClosedCaseYears"] = "7" }));
        Assert.Contains("Saved: persons whose cases have all been closed for 7 years", html, StringComparison.Ordinal);
        Assert.Contains("Erase persons whose cases have all been closed for 7 years.", html, StringComparison.Ordinal);
        Assert.Contains("Under the current schedule (7 years), a run now would:", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Erase persons</dt><dd>0</dd>", html, StringComparison.Ordinal);

        // Three years on (the application runs without its background jobs: the run is made below, once). The session
        // has long expired.
        web.Time.Advance(TimeSpan.FromDays(3 * 365));
        admin = await web.SignInAsync(adminUser);
        html = await Html(await PalermoApplication.PostFormAsync(admin, Url, new() { ["ClosedCaseYears"] = "2" }, "Preview"));
        Assert.Contains("Under a schedule of 2 years (not saved), a run now would:", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Erase persons</dt><dd>1</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Their cases</dt><dd>1</dd>", html, StringComparison.Ordinal);
        Assert.Contains("closed for 7 years.", html, StringComparison.Ordinal); // the preview saved nothing
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);

        await PalermoApplication.PostFormAsync(admin, Url, new() { ["ClosedCaseYears"] = "2" });
        Assert.Equal(1, await web.With(sp => sp.GetRequiredService<RunRetention>().HandleAsync(Actor.Cli, Ct)));
        html = await Html(await admin.GetAsync(Url, Ct));
        Assert.Contains("closed for 2 years.", html, StringComparison.Ordinal);
        Assert.Matches(@"Applied \d{4}-\d\d-\d\d \d\d:\d\d UTC:", html);
        Assert.Contains("<dt>Persons erased</dt><dd>1</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Kept: legal hold</dt><dd>0</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Erase persons</dt><dd>0</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);

        // The API gives the same numbers.
        var api = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/retention", Ct);
        Assert.Equal(2, api.GetProperty("closedCaseYears").GetInt32());
        Assert.Equal(1, api.GetProperty("lastRun").GetProperty("counts").GetProperty("persons").GetInt32());
        Assert.Equal(0, api.GetProperty("due").GetProperty("persons").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/retention?previewYears=0", Ct)).StatusCode);

        html = await Html(await PalermoApplication.PostAndFollowAsync(admin, Url, [], "Clear"));
        Assert.Contains("Removed: retention no longer erases anyone", html, StringComparison.Ordinal);
        Assert.Contains("None: retention erases nobody of this organisation.", html, StringComparison.Ordinal);
        Assert.Null(await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Set<RetentionPolicy>().SingleOrDefaultAsync(p => p.OrganisationId == org.Id, Ct)));
        var audit = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.Where(e => e.Event == AuditEvent.RetentionPolicySet)
            .OrderBy(e => e.Sequence).Select(e => e.Purpose).ToListAsync(Ct));
        Assert.Equal(["7", "2", "none"], audit);
    }

    /// <summary>
    /// Bad numbers of years are field errors on the form (linked to the input, the typed value shown back), never a
    /// 500; nothing is saved and nothing audited. A preview with a bad value is refused the same way.
    /// </summary>
    [Fact]
    public async Task BadYears_AreFieldErrors_NothingSaved()
    {
        using var web = new PalermoApplication();
        var org = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var admin = await web.SignInAsync(await web.CreateUserAsync(Role.OrganisationAdministrator, org.Id));
        foreach (var (typed, message) in new[] { ("", "or remove the schedule"), ("0", "between 1 and 100"), ("-3", "between 1 and 100"), ("101", "between 1 and 100"),
            ("99999999999", "between 1 and 100"), ("ten", "between 1 and 100"), ("2.5", "between 1 and 100") })
        {
            foreach (var handler in new string?[] { null, "Preview" })
            {
                var response = await PalermoApplication.PostFormAsync(admin, Url, new() { ["ClosedCaseYears"] = typed }, handler);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var html = await Html(response);
                Assert.Matches("<p class=\"field-error\" id=\"closedCaseYears-error\">[^<]*" + Regex.Escape(message), html);
                Assert.Contains("aria-invalid=\"true\" aria-describedby=\"closedCaseYears-error\"", html, StringComparison.Ordinal);
                if (typed.Length > 0) Assert.Contains($"value=\"{typed}\"", html, StringComparison.Ordinal);
                Assert.Contains("None: retention erases nobody of this organisation.", html, StringComparison.Ordinal);
            }
        }

        Assert.Equal(0, await web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.CountAsync(e => e.Event == AuditEvent.RetentionPolicySet, Ct)));
    }

    /// <summary>
    /// Exactly the holders of the permission the API uses (organisation administrators and data protection officers)
    /// reach the page and may post to it; every other role gets 404 for both and sees no link, and nothing changes.
    /// </summary>
    [Fact]
    public async Task OnlyAdministratorsAndDataProtectionOfficers_ReachThePage_OthersGetNotFound()
    {
        using var web = new PalermoApplication();
        foreach (var role in Enum.GetValues<Role>())
        {
            var user = await web.UserWithRoleAsync(role);
            var client = await web.SignInAsync(user);
            var allowed = RolePermissions.For(role).Contains(Permission.ManageRetention);
            Assert.Equal(allowed, role is Role.OrganisationAdministrator or Role.DataProtectionOfficer);
            var get = await client.GetAsync(Url, Ct);
            Assert.True((allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound) == get.StatusCode, $"{role}: GET {(int)get.StatusCode}");
            var home = await client.GetStringAsync("/Account/Security", Ct);
            Assert.Equal(allowed, home.Contains("href=\"/Privacy/Retention\"", StringComparison.Ordinal));
            // A valid antiforgery token from a page the role may open: the refusal is the permission, not the token.
            var token = Antiforgery().Match(home).Groups[1].Value;
            var post = await client.PostAsync(Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["ClosedCaseYears"] = "5", ["__af"] = token }), Ct);
            // Saved: 303 back to the page (Post/Redirect/Get).
            Assert.True((allowed ? HttpStatusCode.SeeOther : HttpStatusCode.NotFound) == post.StatusCode, $"{role}: POST {(int)post.StatusCode}");
            var apiGet = await client.GetAsync("/api/v1/retention", Ct);
            Assert.True((allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound) == apiGet.StatusCode, $"{role}: GET api {(int)apiGet.StatusCode}");
            var saved = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Set<RetentionPolicy>().AnyAsync(p => p.OrganisationId == user.OrganisationId, Ct));
            Assert.Equal(allowed, saved);
        }
    }

    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
