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

    /// <summary>
    /// A person without any case (Palermo never creates one — person and case are written together and a case is
    /// never deleted — but a restore, a repair or a load on a database without its foreign keys can leave one) used to
    /// be kept for ever: the run looked only at persons with a case. Now such a person is erased once registered
    /// before the cut-off, audited like every retention erasure, unless a legal hold keeps them; one registered since
    /// stays. The statistics rows of the erased persons' cases stay as they were.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Retention_PersonWithoutAnyCase_IsErasedOncePastTheSchedule_UnlessHeld(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var closed = await w.RegisterAsync(CaseWorld.Input("Closed", "Case"));
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(closed.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(closed.CaseId, v, "Closed", "assistance completed", w.NgoWorker));
        Task<Guid> Caseless(string given, bool hold) => t.With(async sp =>
        {
            var db = sp.Db();
            var person = Person.Register(w.Ngo.Id, given, "Caseless", sp.Get<PersonCrypto>(), sp.Get<BlindIndex>(), db.UtcNow);
            if (hold) person.SetLegalHold(true, "court order", sp.Get<PersonCrypto>());
            db.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });
        var orphan = await Caseless("Orphan", hold: false);
        var held = await Caseless("Held", hold: true);
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(1, Admin(w)));
        t.Time.Advance(TimeSpan.FromDays(2 * 365));
        var recent = await Caseless("Recent", hold: false);
        var statistics = await t.With(sp => sp.Db().Set<Palermo.Statistics.CaseStatistics>().AsNoTracking().ToListAsync());

        Assert.Equal(2, await t.With(sp => sp.Get<RunRetention>().HandleAsync(Actor.Cli)));
        var erased = await t.With(sp => sp.Db().Persons.Where(p => p.ErasedAt != null).Select(p => p.Id).ToListAsync());
        Assert.Contains(orphan, erased);
        Assert.DoesNotContain(held, erased);
        Assert.DoesNotContain(recent, erased);
        Assert.True((await t.With(sp => sp.Get<GetCase>().HandleAsync(closed.CaseId, w.NgoWorker))).PersonErased);
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == Palermo.Audit.AuditEvent.PersonErased).Select(e => new { e.EntityId, e.Purpose, e.OrganisationId }).ToListAsync());
        Assert.Contains(audit, a => a.EntityId == orphan.ToString() && a.Purpose == "erasure: retention" && a.OrganisationId == w.Ngo.Id);
        var applied = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == Palermo.Audit.AuditEvent.RetentionApplied).Select(e => e.Purpose).SingleAsync());
        Assert.Equal("persons=2 cases=1 legalHold=1 activeReferral=0", applied);
        var after = await t.With(sp => sp.Db().Set<Palermo.Statistics.CaseStatistics>().AsNoTracking().ToListAsync());
        Assert.Equivalent(statistics, after, strict: true);
    }

    /// <summary>
    /// The administrator's preview counts what a run would do now — persons and cases it would erase, persons kept on
    /// a legal hold or under an active referral — and the run does exactly that; afterwards the last run's counts are
    /// read back, and nothing is left due. A preview under another number of years changes nothing. Only holders of
    /// the retention permission may look (others: not found); a bad number of years is a field error.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RetentionStatus_PreviewCountsWhatTheRunThenDoes_AndTheLastRunIsReadBack(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        async Task<RegisteredCase> Closed(string given)
        {
            var c = await w.RegisterAsync(CaseWorld.Input(given, "Test"));
            var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
            await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, v, "Closed", "assistance completed", w.NgoWorker));
            return c;
        }

        var due = await Closed("Due");
        var held = await Closed("Held");
        await t.With(sp => sp.Get<SetLegalHold>().HandleAsync(held.CaseId, true, "proceedings", w.NgoSupervisor));
        var referred = await w.RegisterAsync(CaseWorld.Input("Referred", "Test"));
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(referred.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        await t.With(sp => sp.Get<CreateReferral>().HandleAsync(referred.CaseId, new(w.Shelter.Id, ["shelter"], [], null, null, null), w.NgoWorker));
        var rv = (await t.With(sp => sp.Get<GetCase>().HandleAsync(referred.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(referred.CaseId, rv, "ClosedReferred", "referred on", w.NgoWorker));
        await w.RegisterAsync(CaseWorld.Input("Open", "Test"));
        var admin = Admin(w);
        var none = await t.With(sp => sp.Get<GetRetentionStatus>().HandleAsync(admin));
        Assert.Equal((null, null, null, null), (none.ClosedCaseYears, none.LastRun, none.PreviewYears, none.Due));

        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(2, admin));
        t.Time.Advance(TimeSpan.FromDays(3 * 365));
        var status = await t.With(sp => sp.Get<GetRetentionStatus>().HandleAsync(admin));
        Assert.Equal(2, status.ClosedCaseYears);
        Assert.Null(status.LastRun);
        Assert.Equal(new RetentionCounts(1, 1, 1, 1), status.Due);
        Assert.Equal(new RetentionCounts(0, 0, 0, 0), (await t.With(sp => sp.Get<GetRetentionStatus>().HandleAsync(admin, previewYears: 5))).Due);
        Assert.Equal("closedCaseYears", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<GetRetentionStatus>().HandleAsync(admin, previewYears: 0)))).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<GetRetentionStatus>().HandleAsync(w.NgoSupervisor)));

        var outcome = Assert.Single((await t.With(sp => sp.Get<RunRetention>().RunAsync(Actor.Cli)))!);
        Assert.Equal((w.Ngo.Name, 2, new RetentionCounts(1, 1, 1, 1)), (outcome.Organisation, outcome.ClosedCaseYears, outcome.Counts));
        Assert.True((await t.With(sp => sp.Get<GetCase>().HandleAsync(due.CaseId, w.NgoWorker))).PersonErased);
        status = await t.With(sp => sp.Get<GetRetentionStatus>().HandleAsync(admin));
        Assert.Equal(new RetentionLastRun(t.Time.GetUtcNow().UtcDateTime, new RetentionCounts(1, 1, 1, 1)), status.LastRun);
        Assert.Equal(new RetentionCounts(0, 0, 1, 1), status.Due);
    }

    /// <summary>
    /// The subject access export tells the person how long their data is kept (GDPR Art. 15(1)(d)): no schedule → kept
    /// until erased on request; a schedule while a case is open → N years after it closes; every case closed → the
    /// day from which the schedule erases them. The page shows the same sentence.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SubjectAccess_TellsTheStoragePeriod(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        Task<SubjectRetention?> Retention() => t.With(async sp => (await sp.Get<SubjectAccess>().HandleAsync(c.CaseId, w.NgoSupervisor)).Retention);

        Assert.Equal(new SubjectRetention(null, null), await Retention());
        Assert.Equal("no retention schedule: kept until erased on request", (await Retention())!.ToString());
        await t.With(sp => sp.Get<SetRetentionPolicy>().HandleAsync(7, Admin(w)));
        Assert.Equal(new SubjectRetention(7, null), await Retention());
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<CloseCase>().HandleAsync(c.CaseId, v, "Closed", "assistance completed", w.NgoWorker));
        var closedAt = t.Time.GetUtcNow().UtcDateTime;
        Assert.Equal(new SubjectRetention(7, closedAt.AddYears(7)), await Retention());
        Assert.Equal($"erased 7 years after the last case is closed, from {closedAt.AddYears(7):yyyy-MM-dd}, unless a legal hold or an active referral keeps the data longer",
            (await Retention())!.ToString());
    }

    private static Actor Admin(CaseWorld w) => w.NgoSupervisor with { Roles = new HashSet<Role> { Role.OrganisationAdministrator } };
}
