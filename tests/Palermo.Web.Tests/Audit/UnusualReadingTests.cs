using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Audit;

/// <summary>
/// The data protection officer is warned, on the audit log page and through the API, of an account that opened far
/// more different cases today than it usually does — and not of a colleague whose busy day is their usual one, nor of
/// someone in another organisation.
/// </summary>
public sealed class UnusualReadingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task Officer_IsWarnedOfAnAccountReadingFarMoreThanUsual_Sqlite() => RunAsync(null);

    [Fact]
    public async Task Officer_IsWarnedOfAnAccountReadingFarMoreThanUsual_Postgres() => await RunAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task RunAsync(string? postgres)
    {
        using var web = new PalermoApplication(postgres);
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var elsewhere = await web.CreateOrganisationAsync("Inland Support Network");
        var browserUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var busyUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var newUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var officerUser = await web.CreateUserAsync(Role.DataProtectionOfficer, holder.Id);
        var outsiderUser = await web.CreateUserAsync(Role.CaseWorker, elsewhere.Id);
        var outsiderOfficer = await web.CreateUserAsync(Role.DataProtectionOfficer, elsewhere.Id);
        Actor Worker(TestUser u, Guid org) => new(u.Id, org, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var (browser, busy, fresh, outsider) = (Worker(browserUser, holder.Id), Worker(busyUser, holder.Id), Worker(newUser, holder.Id), Worker(outsiderUser, elsewhere.Id));

        var ours = new List<Guid>();
        var theirs = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            ours.Add((await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input() with { GivenName = $"Ngozi{(char)('a' + i % 26)}{i}" }, browser))).CaseId);
            // The other organisation's reads need only be entries of theirs, not cases to open.
            if (i < 26) theirs.Add(Guid.NewGuid());
        }

        async Task Read(Actor who, IEnumerable<Guid> cases)
        {
            foreach (var c in cases) await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(c, who));
        }

        // The history is written through the audit log's own writer (chained, in time order) rather than by hundreds of
        // page reads: what is checked is how the entries are counted, and today's reads below are real ones.
        async Task Record(Actor who, IEnumerable<Guid> cases) => await web.With(async sp =>
        {
            var db = sp.GetRequiredService<PalermoDbContext>();
            foreach (var c in cases) db.Audit(AuditEvent.CaseRead, who, nameof(Case), c);
            return await db.SaveChangesAsync(Ct);
        });

        // Thirty days of history: the busy colleague opens 10 different cases every day, the browsing account 5 on three
        // days only (an average of half a case a day).
        for (var day = 1; day <= 30; day++)
        {
            web.Time.Advance(TimeSpan.FromDays(1));
            await Record(busy, ours.Skip(day % 20).Take(10));
            if (day % 10 == 0) await Record(browser, ours.Take(5));
        }

        // Today: the browsing account opens 26 different cases, some twice; the busy colleague 29, under three times
        // their usual 10; a new account 24, under the floor of 25; someone elsewhere 26 of their own.
        web.Time.Advance(TimeSpan.FromDays(1));
        await Read(browser, ours.Take(26));
        await Read(browser, ours.Take(4));
        await Record(busy, ours.Take(29));
        await Record(fresh, ours.Take(24));
        await Record(outsider, theirs);

        var officer = await web.SignInAsync(officerUser);
        var html = WebUtility.HtmlDecode(await officer.GetStringAsync("/Privacy/Audit", Ct));
        var today = web.Time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("<h2 id=\"unusual-heading\">Unusual reading today</h2>", html, StringComparison.Ordinal);
        Assert.Contains($"<li><a href=\"/Privacy/Audit?account={browserUser.Id}&from={today}\">{browserUser.Email}</a>: 26 cases today; usually 0.5 a day</li>", html, StringComparison.Ordinal);
        var section = html[html.IndexOf("unusual-heading", StringComparison.Ordinal)..html.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.DoesNotContain(busyUser.Email, section, StringComparison.Ordinal);
        Assert.DoesNotContain(newUser.Email, section, StringComparison.Ordinal);
        Assert.DoesNotContain(outsiderUser.Email, html, StringComparison.Ordinal);

        // The link shows exactly what the account opened today: 30 reads of 26 cases (the warning is the landing view's;
        // a filtered view does not check again). The empty form, as "Show" sends it, is the landing view.
        var reads = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Privacy/Audit?account={browserUser.Id}&from={today}", Ct));
        Assert.Equal(30, System.Text.RegularExpressions.Regex.Matches(reads, "<td data-label=\"Event\">Case read</td>").Count);
        Assert.DoesNotContain("Unusual reading today", reads, StringComparison.Ordinal);
        Assert.Contains("Unusual reading today", await officer.GetStringAsync("/Privacy/Audit?account=&event=&case=&from=&to=", Ct), StringComparison.Ordinal);

        var api = await officer.GetFromJsonAsync<JsonElement>("/api/v1/audit/unusual", Ct);
        var only = Assert.Single(api.EnumerateArray());
        Assert.Equal(browserUser.Id, only.GetProperty("accountId").GetGuid());
        Assert.Equal(26, only.GetProperty("casesToday").GetInt32());

        // The other organisation's officer is warned of their own account, not of ours.
        var theirOfficer = await web.SignInAsync(outsiderOfficer);
        var theirList = await theirOfficer.GetFromJsonAsync<JsonElement>("/api/v1/audit/unusual", Ct);
        Assert.Equal(outsiderUser.Id, Assert.Single(theirList.EnumerateArray()).GetProperty("accountId").GetGuid());

        // Nobody else is told; and a quiet day shows no warning at all.
        var worker = await web.SignInAsync(busyUser);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync("/api/v1/audit/unusual", Ct)).StatusCode);
        web.Time.Advance(TimeSpan.FromDays(1));
        officer = await web.SignInAsync(officerUser);
        html = await officer.GetStringAsync("/Privacy/Audit", Ct);
        Assert.DoesNotContain("Unusual reading today", html, StringComparison.Ordinal);

        // Each check is on the record with how many were named, never who.
        var checks = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries
            .Where(e => e.ActorId == officerUser.Id && e.Event == AuditEvent.AuditLogRead && e.Purpose!.StartsWith("unusual reading check")).Select(e => e.Purpose).ToListAsync(Ct));
        Assert.Contains("unusual reading check; accounts named: 1", checks);
        Assert.Contains("unusual reading check; accounts named: 0", checks);
        Assert.All(checks, p => Assert.DoesNotContain("@", p!, StringComparison.Ordinal));
    }
    [Fact]
    public Task Thresholds_AreTheOperatorsAndNotesReadsCount_Sqlite() => ConfiguredAsync(null);
    [Fact]
    public async Task Thresholds_AreTheOperatorsAndNotesReadsCount_Postgres() => await ConfiguredAsync(await TestEnv.CreatePostgresDatabaseAsync());

    /// <summary>
    /// A small organisation sets a lower floor and factor; an account that reads the notes of a dozen cases through the
    /// API, never opening a case page, is named under them — and would not be under the defaults.
    /// </summary>
    private static async Task ConfiguredAsync(string? postgres)
    {
        var settings = new Dictionary<string, string> { ["Palermo:UnusualReadingFloor"] = "10", ["Palermo:UnusualReadingFactor"] = "2" };
        using var web = new PalermoApplication(postgres, settings: settings);
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var readerUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var officerUser = await web.CreateUserAsync(Role.DataProtectionOfficer, holder.Id);
        var reader = new Actor(readerUser.Id, holder.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var cases = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            cases.Add((await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input() with { GivenName = $"Amara{(char)('a' + i)}{i}" }, reader))).CaseId);
        }

        web.Time.Advance(TimeSpan.FromDays(1));
        var client = await web.SignInAsync(readerUser);
        foreach (var c in cases) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/cases/{c}/notes", Ct)).StatusCode);

        var officer = await web.SignInAsync(officerUser);
        var named = Assert.Single((await officer.GetFromJsonAsync<JsonElement>("/api/v1/audit/unusual", Ct)).EnumerateArray());
        Assert.Equal(readerUser.Id, named.GetProperty("accountId").GetGuid());
        Assert.Equal(12, named.GetProperty("casesToday").GetInt32());
    }
}
