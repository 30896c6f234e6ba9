using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Cases.Htcds;
using Palermo.Data;

namespace Palermo.Tests.Cases.Htcds;

public sealed class ExportHtcdsTests : IDisposable
{
    private readonly string _dir = Palermo.Testing.TestEnv.TempDir();

    /// <summary>An export's "latest outgoing referral" is one actually made: not an override still waiting for approval.</summary>
    [Fact]
    public async Task Export_OverrideAwaitingApproval_IsNotAnOutgoingReferral()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<Palermo.Referrals.CreateReferral>().HandleAsync(c.CaseId,
            new(w.Shelter.Id, ["shelter"], ["Identity"], null, "imminent danger", w.NgoSupervisor2.UserId), w.NgoSupervisor));
        var file = Path.Combine(_dir, "awaiting.csv");
        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, file, HtcdsFiles.Supervisor(w.Ngo)));
        Assert.DoesNotContain(w.Shelter.Name, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>
    /// The outgoing-referral columns name the organisation the case was referred to: a later referral that the other
    /// organisation declined was never taken up and does not replace it. The support plan fills the spl_* columns.
    /// </summary>
    [Fact]
    public async Task Export_DeclinedLaterReferral_DoesNotReplaceTheAcceptedOne_AndThePlanFillsSplColumns()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var hotline = await t.With(sp => sp.Get<Palermo.Organisations.CreateOrganisation>().HandleAsync(new("Helpline Sud", "Hotline", "ITA"), Palermo.Accounts.Actor.Cli));
        var hotlineUser = await t.With(sp => sp.Get<Palermo.Accounts.CreateUser>().HandleAsync(new($"hl-{Guid.NewGuid():N}@x.example", hotline.Id.ToString(), ["CaseWorker"]), Palermo.Accounts.Actor.Cli));
        var hotlineWorker = new Palermo.Accounts.Actor(hotlineUser.User.Id, hotline.Id, new HashSet<Palermo.Accounts.Role> { Palermo.Accounts.Role.CaseWorker }, "127.0.0.1");
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<Palermo.Assistance.SaveSupportPlan>().HandleAsync(c.CaseId,
            new(["Legal", "SocialCare"], "Stable housing", "Apply for social housing", "2026-12-31", null), w.NgoWorker));
        foreach (var org in new[] { w.Shelter.Id, hotline.Id })
        {
            await t.With(sp => sp.Get<Palermo.Consent.RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", org), w.NgoWorker));
        }

        var first = await t.With(sp => sp.Get<Palermo.Referrals.CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], [], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<Palermo.Referrals.DecideReferral>().HandleAsync(first.Id, "Accept", null, w.ShelterWorker));
        t.Time.Advance(TimeSpan.FromDays(3));
        var second = await t.With(sp => sp.Get<Palermo.Referrals.CreateReferral>().HandleAsync(c.CaseId, new(hotline.Id, ["interpretation"], [], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<Palermo.Referrals.DecideReferral>().HandleAsync(second.Id, "Decline", "no capacity", hotlineWorker));

        var path = Path.Combine(_dir, "referred.json");
        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Json, path, HtcdsFiles.Supervisor(w.Ngo)));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        var row = json.RootElement.GetProperty("cases")[0];
        Assert.Equal(w.Shelter.Name, row.GetProperty("cas_ReferredOrganisation").GetString());
        Assert.Equal(DateOnly.FromDateTime(first.CreatedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("cas_OutgoingReferralDate").GetString());
        Assert.Equal("AdditionalServicesRequired", row.GetProperty("cas_ReasonForOutgoingReferral").GetString());
        Assert.Equal("Legal;SocialCare", row.GetProperty("spl_Type").GetString());
        Assert.Equal("Stable housing", row.GetProperty("spl_Objectives").GetString());
        Assert.Equal("Apply for social housing", row.GetProperty("spl_ActionPlan").GetString());
        Assert.Equal("2026-12-31", row.GetProperty("spl_PlannedEndDate").GetString());
    }

    /// <summary>
    /// The outgoing-referral columns are filled only from a referral that actually referred the person: accepted (also
    /// once its end of access has passed) or completed. A pending referral (nobody took the person on yet) and a
    /// withdrawn one — even withdrawn after the receiver accepted it — leave them empty, and a later withdrawn or
    /// pending referral does not hide an earlier accepted one.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Export_OnlyAcceptedOrCompletedReferrals_FillTheOutgoingReferralColumns(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        async Task<(RegisteredCase Case, Palermo.Referrals.Referral Referral)> Referred(string given, string? validUntil = null)
        {
            var c = await w.RegisterAsync(CaseWorld.Input(given, "Test"));
            await t.With(sp => sp.Get<Palermo.Consent.RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
            var r = await t.With(sp => sp.Get<Palermo.Referrals.CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], [], validUntil, null, null), w.NgoWorker));
            return (c, r);
        }

        Task Decide(Palermo.Referrals.Referral r, string decision) =>
            t.With(sp => sp.Get<Palermo.Referrals.DecideReferral>().HandleAsync(r.Id, decision, decision == "Withdraw" ? "no longer needed" : null, decision == "Withdraw" ? w.NgoWorker : w.ShelterWorker));

        await Referred("Pending");
        var withdrawnPending = await Referred("Withdrawnpending");
        await Decide(withdrawnPending.Referral, "Withdraw");
        var withdrawnAccepted = await Referred("Withdrawnaccepted");
        await Decide(withdrawnAccepted.Referral, "Accept");
        await Decide(withdrawnAccepted.Referral, "Withdraw");
        var completed = await Referred("Completed");
        await Decide(completed.Referral, "Accept");
        await Decide(completed.Referral, "Complete");
        var expired = await Referred("Expired", "2026-12-31");
        await Decide(expired.Referral, "Accept");
        var earlier = await Referred("Earlier");
        await Decide(earlier.Referral, "Accept");
        t.Time.Advance(TimeSpan.FromDays(3));
        var later = await t.With(sp => sp.Get<Palermo.Referrals.CreateReferral>().HandleAsync(earlier.Case.CaseId, new(w.Shelter.Id, ["medical"], [], null, null, null), w.NgoWorker));
        await Decide(later, "Withdraw");
        t.Time.Advance(TimeSpan.FromDays(400)); // past the expired referral's end of access

        var path = Path.Combine(_dir, "referrals.json");
        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Json, path, HtcdsFiles.Supervisor(w.Ngo)));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        var rows = json.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(r => r.GetProperty("prs_FirstName").GetString()!);
        string? Cell(string who, string column) => rows[who].TryGetProperty(column, out var v) ? v.GetString() : null;
        string Day(DateTime at) => DateOnly.FromDateTime(at).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var who in new[] { "Pending", "Withdrawnpending", "Withdrawnaccepted" })
        {
            Assert.Null(Cell(who, HtcdsColumns.ReferredOrganisation));
            Assert.Null(Cell(who, HtcdsColumns.OutgoingReferralDate));
            Assert.Null(Cell(who, HtcdsColumns.ReasonForOutgoingReferral));
        }

        foreach (var (who, r) in new[] { ("Completed", completed.Referral), ("Expired", expired.Referral), ("Earlier", earlier.Referral) })
        {
            Assert.Equal(w.Shelter.Name, Cell(who, HtcdsColumns.ReferredOrganisation));
            Assert.Equal(Day(r.CreatedAt), Cell(who, HtcdsColumns.OutgoingReferralDate));
            Assert.Equal("AdditionalServicesRequired", Cell(who, HtcdsColumns.ReasonForOutgoingReferral));
        }

    }

    /// <summary>
    /// A killed export (SIGKILL, out of memory) leaves its temporary plaintext file; the next export to the same file
    /// removes it once it has not been touched for ten minutes. A fresh one (an export still running) and other files stay.
    /// </summary>
    [Fact]
    public async Task Export_RemovesStaleTemporaryFilesOfAKilledExport()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        await w.RegisterAsync();
        var target = Path.Combine(_dir, "cases.csv");
        var stale = Path.Combine(_dir, $".cases.csv.{Guid.NewGuid():N}.tmp");
        var running = Path.Combine(_dir, $".cases.csv.{Guid.NewGuid():N}.tmp");
        var other = Path.Combine(_dir, ".notes.txt.tmp");
        foreach (var f in new[] { stale, running, other }) await File.WriteAllTextAsync(f, "Olena Kovalenko", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(stale, DateTime.UnixEpoch);
        File.SetLastWriteTimeUtc(other, DateTime.UnixEpoch);

        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, target, HtcdsFiles.Supervisor(w.Ngo)));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(running));
        Assert.True(File.Exists(other));
        Assert.True(File.Exists(target));
    }

    [Fact]
    public async Task Export_FreeTextStartingLikeAFormula_GetsAnApostrophe_DatesAndCodesDoNot()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        await w.RegisterAsync(new CaseInput
        {
            GivenName = "=1+1", FamilyName = "+Cmd", Aliases = "-2", Contacts = "@me", DocumentNumber = "=X1", Guardian = "Plain",
            CountryOfDetection = "ITA", IdentificationDate = "2026-01-05",
        });
        var rows = await ExportRowsAsync(t, w);
        var row = rows[1];
        string Cell(string column) => row[HtcdsColumns.All.ToList().IndexOf(column)];
        Assert.Equal("'=1+1", Cell(HtcdsColumns.FirstName));
        Assert.Equal("'+Cmd", Cell(HtcdsColumns.SecondName));
        Assert.Equal("'-2", Cell(HtcdsColumns.Aliases));
        Assert.Equal("'@me", Cell(HtcdsColumns.Email));
        Assert.Equal("'=X1", Cell(HtcdsColumns.IdentityNumber));
        Assert.Equal("Plain", Cell(HtcdsColumns.Guardian));
        Assert.Equal("2026-01-05", Cell(HtcdsColumns.IdentificationDate));
        Assert.All(row, cell => Assert.False(CsvWriter.StartsLikeFormula(cell), cell));
    }

    [Fact]
    public async Task Export_OwnerCasesOnly_AuditedOnceWithPurposeExport()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        await w.RegisterAsync();
        await w.RegisterAsync(CaseWorld.Input("Iryna", "Bondar"));
        await w.RegisterAsync(CaseWorld.Input("Other", "Shelter"), w.ShelterWorker);
        var rows = await ExportRowsAsync(t, w);
        Assert.Equal(3, rows.Count);
        Assert.DoesNotContain(rows, r => r.Contains("Other"));
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(a => a.Event == AuditEvent.CasesExported).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(("export", "2", w.Ngo.Id), (entry.Purpose, entry.EntityId, entry.OrganisationId));
    }

    [Fact]
    public async Task Export_Json_HasTheColumnNamesAsFields()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var registered = await w.RegisterAsync();
        var path = Path.Combine(_dir, "cases.json");
        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Json, path, HtcdsFiles.Supervisor(w.Ngo)));
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        var c = Assert.Single(doc.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.Equal("Olena", c.GetProperty("prs_FirstName").GetString());
        Assert.Equal("UKR", c.GetProperty("prs_Citizenship").GetString());
        Assert.Equal(registered.Reference, c.GetProperty("pal_Reference").GetString());
        Assert.False(c.TryGetProperty("prs_MiddleName", out _));
    }

    [Fact]
    public async Task Export_TargetCannotBeReplaced_LeavesNoFileBehind()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        await w.RegisterAsync();
        var target = Path.Combine(_dir, "occupied");
        Directory.CreateDirectory(target);
        // Refused before anything is written or audited (a folder was once found only by the final move, after the audit).
        var refused = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, target, HtcdsFiles.Supervisor(w.Ngo))));
        Assert.Equal("path", refused.Field);
        Assert.Empty(Directory.GetFiles(_dir));
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public async Task Export_WithoutPermission_IsNotFound()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var path = Path.Combine(_dir, "x.csv");
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, path, w.NgoWorker)));
        Assert.False(File.Exists(path));
    }

    private async Task<List<string[]>> ExportRowsAsync(TestDatabase t, CaseWorld w)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        await t.With(sp => sp.Get<ExportHtcds>().HandleAsync(ExportFormat.Htcds, path, HtcdsFiles.Supervisor(w.Ngo)));
        await using var s = File.OpenRead(path);
        var reader = CsvReader.Over(s);
        var rows = new List<string[]>();
        while (reader.Read() is { } r) rows.Add(r);
        return rows;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
