using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Tests.Cases;

/// <summary>
/// National-referral decisions (reasonable and conclusive grounds): date, outcome and sealed reasons, recorded on a case
/// of the actor's organisation. The registered case was identified on 2026-02-10; the test clock is 2026-03-01.
/// </summary>
public sealed class GroundsDecisionTests
{
    private static GroundsDecisionInput Rg(long version, string? date = "2026-02-15", string? outcome = "Positive", string? reasons = "Credible account, documents withheld") =>
        new(version, "ReasonableGrounds", date, outcome, reasons);

    private static GroundsDecisionInput Cg(long version, string? date = "2026-02-25", string? outcome = "Positive", string? reasons = "Confirmed by the labour inspectorate") =>
        new(version, "ConclusiveGrounds", date, outcome, reasons);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Decisions_AreRecordedWithDateOutcomeAndSealedReasons_AndAudited(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;

        await t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Rg(v), w.NgoWorker));
        var afterRg = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal((new DateOnly(2026, 2, 15), GroundsOutcome.Positive, "Credible account, documents withheld"),
            (afterRg.ReasonableGroundsDate, afterRg.ReasonableGroundsOutcome, afterRg.ReasonableGroundsReasons));

        await t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Cg(afterRg.Version), w.NgoWorker));
        var afterCg = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal((new DateOnly(2026, 2, 25), GroundsOutcome.Positive, "Confirmed by the labour inspectorate"),
            (afterCg.ConclusiveGroundsDate, afterCg.ConclusiveGroundsOutcome, afterCg.ConclusiveGroundsReasons));
        Assert.Equal(TraffickingStatus.ActualVictimOfTrafficking, afterCg.TraffickingStatus);

        // The reasons are sealed at rest and never written into the audit log.
        var raw = await t.With(sp => sp.Db().Cases.AsNoTracking().Where(x => x.Id == c.CaseId).Select(x => x.ReasonableGroundsReasons).SingleAsync());
        Assert.DoesNotContain("Credible", System.Text.Encoding.UTF8.GetString(raw!.Envelope), StringComparison.Ordinal);
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.CaseDecisionRecorded).Select(e => e.Purpose).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.All(audit, p => Assert.DoesNotContain("labour inspectorate", p ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadDecisions_NameTheField_AndSaveNothing()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        Task<DomainException> Refused(GroundsDecisionInput input) =>
            Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, input, w.NgoWorker)));

        Assert.Equal("date", (await Refused(Rg(v, date: "2026-02-01"))).Field);    // before the identification (2026-02-10)
        Assert.Equal("date", (await Refused(Rg(v, date: "2026-03-02"))).Field);    // in the future
        Assert.Equal("date", (await Refused(Rg(v, date: null))).Field);
        Assert.Equal("date", (await Refused(Rg(v, date: "15/02/2026"))).Field);
        Assert.Equal("outcome", (await Refused(Rg(v, outcome: "Maybe"))).Field);
        Assert.Equal("outcome", (await Refused(Rg(v, outcome: null))).Field);
        Assert.Equal("outcome", (await Refused(Rg(v, outcome: "InsufficientEvidence"))).Field);
        Assert.Equal("outcome", (await Refused(Rg(v, outcome: "2"))).Field);
        Assert.Equal("stage", (await Refused(Rg(v) with { Stage = "Final" })).Field);
        Assert.Equal("version", (await Refused(Rg(v) with { Version = null })).Field);
        Assert.Equal("outcome", (await Refused(Cg(v))).Field);                     // no positive reasonable grounds yet
        Assert.Equal("reasons", (await Refused(Rg(v, reasons: new string('x', Case.ReasonMaxLength + 1)))).Field);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Rg(v), w.ShelterWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Rg(v), w.Analyst)));

        var untouched = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal((null, null, v), (untouched.ReasonableGroundsDate, untouched.ReasonableGroundsOutcome, untouched.Version));
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CaseDecisionRecorded)));

        await t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Rg(v), w.NgoWorker));
        var v2 = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await Assert.ThrowsAsync<ConflictException>(() => t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Cg(v), w.NgoWorker)));
        Assert.Equal("date", (await Refused(Cg(v2, date: "2026-02-14"))).Field);  // before the reasonable-grounds decision
        Assert.Equal("date", (await Refused(Cg(v2, date: "2026-03-05"))).Field);  // in the future
        Assert.Equal("outcome", (await Refused(Cg(v2, outcome: "Unknown"))).Field);
        await t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Cg(v2), w.NgoWorker));
        var v3 = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;

        // Once a conclusive decision follows it, the reasonable-grounds decision cannot turn negative or move past it.
        Assert.Equal("outcome", (await Refused(Rg(v3, outcome: "Negative"))).Field);
        Assert.Equal("date", (await Refused(Rg(v3, date: "2026-02-26"))).Field);
        var kept = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker));
        Assert.Equal((new DateOnly(2026, 2, 15), GroundsOutcome.Positive), (kept.ReasonableGroundsDate, kept.ReasonableGroundsOutcome));
    }

    [Fact]
    public async Task EditingTheFacts_CannotMoveTheIdentificationPastARecordedDecision()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var v = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;
        await t.With(sp => sp.Get<RecordGroundsDecision>().HandleAsync(c.CaseId, Rg(v), w.NgoWorker));
        var v2 = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Version;

        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<UpdateCaseFacts>().HandleAsync(c.CaseId, v2,
            CaseWorld.Input() with { IdentificationDate = "2026-02-20" }, w.NgoWorker)));
        Assert.Equal("identificationDate", ex.Field);
        Assert.Equal(new DateOnly(2026, 2, 10), (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).IdentificationDate);
    }
}
