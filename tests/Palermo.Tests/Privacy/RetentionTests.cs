using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;
using Palermo.Tests.Cases;
using Palermo.Tests.Cases.Htcds;

namespace Palermo.Tests.Privacy;

/// <summary>Which persons a retention schedule erases, and which it must keep.</summary>
public sealed class RetentionTests
{
    /// <summary>
    /// A case closed as referred on, whose referral the receiving organisation accepted and still works under: the
    /// person is still being assisted, so the sender's schedule must not erase them (and cut the receiver off) until
    /// the referral has ended.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Retention_PersonStillAssistedUnderAnActiveReferral_IsKeptUntilTheReferralEnds(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], [], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, v, "ClosedReferred", "referred to the safe house", w.NgoWorker));
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(1, Admin(w)));

        t.Time.Advance(TimeSpan.FromDays(2 * 365));
        Assert.Equal(0, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        Assert.False((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker))).PersonErased);

        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Complete", null, w.ShelterWorker));
        Assert.Equal(1, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        Assert.True((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).PersonErased);
    }

    /// <summary>A referral still waiting for the receiver's decision counts as active too.</summary>
    [Fact]
    public async Task Retention_PendingReferral_KeepsThePerson()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], [], null, null, null), w.NgoWorker));
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, v, "ClosedReferred", "referred on", w.NgoWorker));
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(1, Admin(w)));
        t.Time.Advance(TimeSpan.FromDays(2 * 365));
        Assert.Equal(0, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        Assert.Equal(1, await t.With(sp => sp.Db().Persons.CountAsync(p => p.ErasedAt == null)));
    }

    /// <summary>
    /// A legal hold needs a reason, to set it and to release it (a field error otherwise, nothing changed); the reason
    /// is kept, sealed with the person's key, and shown to the person in the subject access export; both steps are
    /// audited without the reason's text (it may name people). Only holders of the subject-rights permission may act.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LegalHold_NeedsAReason_ToSetAndToRelease_KeptSealed_AndAudited(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        Task Hold(bool hold, string? reason, Actor? by = null) => t.With(sp => sp.Get<SetLegalHold>().HandleAsync(c.CaseId, hold, reason, by ?? w.NgoSupervisor));

        Assert.Equal("reason", (await Assert.ThrowsAsync<DomainException>(() => Hold(true, "  "))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<DomainException>(() => Hold(true, new string('x', 1001)))).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => Hold(true, "court order 12/2026", w.NgoWorker));
        Assert.False(await t.With(sp => sp.Db().Persons.Select(p => p.LegalHold).SingleAsync()));

        await Hold(true, "Court order 12/2026 in the case against Wrzesniewski");
        var data = await t.With(sp => sp.Get<SubjectAccess>().HandleAsync(c.CaseId, w.NgoSupervisor));
        Assert.True(data.LegalHold);
        Assert.Equal("Court order 12/2026 in the case against Wrzesniewski", data.LegalHoldReason);
        Assert.Equal("hold", (await Assert.ThrowsAsync<DomainException>(() => Hold(true, "again"))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<DomainException>(() => Hold(false, null))).Field);
        Assert.True(await t.With(sp => sp.Db().Persons.Select(p => p.LegalHold).SingleAsync()));

        await Hold(false, "Proceedings concluded");
        data = await t.With(sp => sp.Get<SubjectAccess>().HandleAsync(c.CaseId, w.NgoSupervisor));
        Assert.False(data.LegalHold);
        Assert.Equal("Proceedings concluded", data.LegalHoldReason);
        Assert.Equal("hold", (await Assert.ThrowsAsync<DomainException>(() => Hold(false, "again"))).Field);

        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == Palermo.Audit.AuditEvent.LegalHoldSet || e.Event == Palermo.Audit.AuditEvent.LegalHoldReleased)
            .OrderBy(e => e.Sequence).Select(e => new { e.Event, e.Purpose }).ToListAsync());
        Assert.Equal([Palermo.Audit.AuditEvent.LegalHoldSet, Palermo.Audit.AuditEvent.LegalHoldReleased], audit.Select(a => a.Event));
        Assert.All(audit, a => Assert.DoesNotContain("Wrzesniewski", a.Purpose ?? "", StringComparison.Ordinal));
        var raw = await t.With(sp => sp.Db().Persons.Select(p => p.LegalHoldReason).SingleAsync());
        Assert.NotNull(raw);
    }

    /// <summary>
    /// `palermo retention run` while the daily job runs (or two runs at once): one does the work, the other is told
    /// another run is in progress — no failure, no person erased twice, one audit entry per erased person.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Retention_TwoRunsAtOnce_EraseEachPersonOnce_AndNeitherFails(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var rows = Enumerable.Range(1, 300).Select(i => Palermo.Tests.Cases.Htcds.HtcdsFiles.Row(i) + ",Closed,Assistance completed").ToArray();
        var csv = Palermo.Tests.Cases.Htcds.HtcdsFiles.Header + ",cas_Status,cas_ReasonForCaseClosure\r\n" + string.Join("\r\n", rows) + "\r\n";
        Assert.True((await t.ImportAsync(csv, Palermo.Tests.Cases.Htcds.HtcdsFiles.Supervisor(w.Ngo))).Succeeded);
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(1, Admin(w)));
        t.Time.Advance(TimeSpan.FromDays(2 * 365));

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)))));
        Assert.Equal(300, runs.Sum(r => r ?? 0));
        Assert.Equal(0, await t.With(sp => sp.Db().Persons.CountAsync(p => p.ErasedAt == null)));
        Assert.Equal(300, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == Palermo.Audit.AuditEvent.PersonErased)));
        // The lease is released at the end: the next run goes ahead (and finds nothing left).
        Assert.Equal(0, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
    }

    /// <summary>While another process holds the retention lease, a run does nothing and says so.</summary>
    [Fact]
    public async Task Retention_WhileAnotherRunHoldsTheLease_ErasesNothing()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, v, "Closed", "assistance completed", w.NgoWorker));
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(1, Admin(w)));
        t.Time.Advance(TimeSpan.FromDays(2 * 365));
        Assert.True(await t.With(sp => JobLease.TryAcquireAsync(sp.Db(), RunRetention.LeaseName, "other-instance", TimeSpan.FromHours(1), CancellationToken.None)));

        Assert.Null(await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        Assert.Equal(1, await t.With(sp => sp.Db().Persons.CountAsync(p => p.ErasedAt == null)));
        t.Time.Advance(TimeSpan.FromHours(2)); // the other holder died: its lease expires
        Assert.Equal(1, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
    }

    private static Actor Admin(CaseWorld w) => w.NgoSupervisor with { Roles = new HashSet<Role> { Role.OrganisationAdministrator } };
}
