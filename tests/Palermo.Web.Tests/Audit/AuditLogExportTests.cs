using System.Net;
using System.Text;
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
/// The data protection officer downloads every audit entry a filter selects as one CSV file, from the page and the API:
/// the same entries the pages show, all of them, safe to open in a spreadsheet, and the download itself on the record.
/// </summary>
public sealed class AuditLogExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task Download_HoldsEveryMatchingEntry_Sqlite() => RunAsync(null);

    [Fact]
    public async Task Download_HoldsEveryMatchingEntry_Postgres() => await RunAsync(await TestEnv.CreatePostgresDatabaseAsync());

    private static async Task RunAsync(string? postgres)
    {
        using var web = new PalermoApplication(postgres);
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var elsewhere = await web.CreateOrganisationAsync("Inland Support Network");
        var workerUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var officerUser = await web.CreateUserAsync(Role.DataProtectionOfficer, holder.Id);
        var outsiderUser = await web.CreateUserAsync(Role.CaseWorker, elsewhere.Id);
        // A network address as a proxy header could bring it: a spreadsheet would run it as a formula.
        const string hostile = "=HYPERLINK(\"http://127.0.0.1/x\",\"open\")";
        var worker = new Actor(workerUser.Id, holder.Id, new HashSet<Role> { Role.CaseWorker }, hostile);
        var outsider = new Actor(outsiderUser.Id, elsewhere.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var c = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), worker));
        var theirs = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input() with { GivenName = "Yusuf" }, outsider));
        for (var i = 0; i < 130; i++) await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(c.CaseId, worker));
        await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(theirs.CaseId, outsider));
        var reference = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases.Where(x => x.Id == c.CaseId).Select(x => x.Reference).SingleAsync(Ct));

        var officer = await web.SignInAsync(officerUser);
        // The page offers the download with its filters, for every page rather than the one being read.
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Privacy/Audit?account={workerUser.Id}&event=CaseRead", Ct));
        var link = System.Text.RegularExpressions.Regex.Match(page, "<a href=\"(/Privacy/Audit\\?[^\"]+)\" download>Download every matching entry \\(CSV\\)</a>");
        Assert.True(link.Success, "the page offers no download");
        Assert.Equal($"/Privacy/Audit?account={workerUser.Id}&event=CaseRead&handler=csv", link.Groups[1].Value);

        var response = await officer.GetAsync(link.Groups[1].Value, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("audit-log-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "", StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte-order mark: spreadsheets would misread non-Latin addresses");
        var rows = Csv(Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length)));
        Assert.Equal(ExportAuditEntries.Columns, rows[0]);
        var data = rows.Skip(1).ToList();
        // All 130 reads, past the page's 100, newest first, each the worker's read of the case.
        Assert.Equal(130, data.Count);
        var sequences = data.Select(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequences.OrderByDescending(s => s), sequences);
        Assert.All(data, r =>
        {
            Assert.Equal(workerUser.Email, r[2]);
            Assert.Equal("CaseRead", r[3]);
            Assert.Equal(reference, r[6]);
            Assert.Equal("'" + hostile, r[9]);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", r[1]);
        });
        var expected = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries
            .Where(e => e.ActorId == workerUser.Id && e.Event == AuditEvent.CaseRead).OrderByDescending(e => e.Sequence).Select(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(expected, sequences);

        // Unfiltered: the organisation's entries only — nothing another organisation's staff did.
        var all = Csv(Encoding.UTF8.GetString(await officer.GetByteArrayAsync("/api/v1/audit/export", Ct)).TrimStart('\uFEFF'));
        Assert.Contains(all, r => r[3] == "PersonCreated");
        Assert.DoesNotContain(all, r => r.Contains(outsiderUser.Email));
        Assert.DoesNotContain(all, r => r.Any(cell => cell.Contains(CaseAccessMatrixTests.Input().FamilyName!, StringComparison.Ordinal)));

        // Bad filters: a field error on the page (no file), 400 naming the field from the API.
        var bad = await officer.GetAsync("/Privacy/Audit?case=PAL-1999-000001&handler=csv", Ct);
        Assert.Equal("text/html", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<p class=\"field-error\" id=\"case-error\">No case of your organisation has this reference.</p>", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var api = await officer.GetAsync("/api/v1/audit/export?from=2026-05-01&to=2026-04-01", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("\"from\"", await api.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        api = await officer.GetAsync("/api/v1/audit/export?actor=" + workerUser.Id, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("\"query\"", await api.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Nobody else may download the log.
        var caseWorker = await web.SignInAsync(workerUser);
        Assert.Equal(HttpStatusCode.NotFound, (await caseWorker.GetAsync("/Privacy/Audit?handler=csv", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await caseWorker.GetAsync("/api/v1/audit/export", Ct)).StatusCode);

        // Each complete download is on the record with its count and the account looked into; a refused one is not.
        var exports = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries
            .Where(e => e.Event == AuditEvent.AuditLogExported).OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(2, exports.Count);
        Assert.Equal("User", exports[0].EntityType);
        Assert.Equal(workerUser.Id.ToString(), exports[0].EntityId);
        Assert.Equal("audit log exported (CSV): 130 entries; event CaseRead", exports[0].Purpose);
        Assert.All(exports, e => Assert.Equal(officerUser.Id, e.ActorId));
        // The page read before it and the download are both there; no export file is left behind in the data folder.
        Assert.Empty(Directory.Exists(Path.Combine(web.DataDir, "exports")) ? Directory.GetFiles(Path.Combine(web.DataDir, "exports")) : []);
    }

    /// <summary>Batches of any size give the same file: no entry lost or repeated where one batch ends and the next starts.</summary>
    [Fact]
    public async Task Batches_JoinWithoutGapOrRepeat()
    {
        using var web = new PalermoApplication();
        var holder = await web.CreateOrganisationAsync("Harbour Aid Centre");
        var workerUser = await web.CreateUserAsync(Role.CaseWorker, holder.Id);
        var officerUser = await web.CreateUserAsync(Role.DataProtectionOfficer, holder.Id);
        var worker = new Actor(workerUser.Id, holder.Id, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var officer = new Actor(officerUser.Id, holder.Id, new HashSet<Role> { Role.DataProtectionOfficer }, "127.0.0.1");
        var c = await web.With(sp => sp.GetRequiredService<RegisterVictim>().HandleAsync(CaseAccessMatrixTests.Input(), worker));
        for (var i = 0; i < 40; i++) await web.With(sp => sp.GetRequiredService<GetCase>().HandleAsync(c.CaseId, worker));

        async Task<(int Count, string Text)> Export(int batch) => await web.With(async sp =>
        {
            using var text = new StringWriter();
            var n = await sp.GetRequiredService<ExportAuditEntries>().HandleAsync(new AuditLogQuery { Account = workerUser.Id.ToString() }, officer, text, Ct, batch);
            return (n, text.ToString());
        });
        var whole = await Export(ExportAuditEntries.DefaultBatchSize);
        Assert.True(whole.Count > 40, $"only {whole.Count} entries");
        foreach (var size in new[] { 1, 7, whole.Count, whole.Count - 1 })
        {
            var part = await Export(size);
            Assert.Equal(whole.Count, part.Count);
            Assert.Equal(whole.Text, part.Text);
        }
    }

    /// <summary>RFC 4180: quoted cells with doubled quotes, CRLF rows.</summary>
    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else cell.Append(ch);
        }

        return rows;
    }
}
