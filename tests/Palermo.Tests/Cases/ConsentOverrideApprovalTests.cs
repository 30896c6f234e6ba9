using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>The two-person rule: a consent override shares nothing until the supervisor named in it approves it themselves.</summary>
public sealed class ConsentOverrideApprovalTests
{
    private static Task<Referral> OverrideAsync(CaseWorld w, Guid caseId) =>
        w.Db.With(sp => sp.Get<CreateReferral>().HandleAsync(caseId,
            new(w.Shelter.Id, ["shelter"], ["Identity"], null, "imminent danger", w.NgoSupervisor2.UserId), w.NgoSupervisor));

    private static Task<Referral> AnswerAsync(CaseWorld w, Guid referralId, bool approve, Actor by, string? reason = null) =>
        w.Db.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(referralId, approve, reason, by));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Override_SharesNothing_UntilTheNamedSupervisorApproves_ThenTheReceiverMayAccept(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var r = await OverrideAsync(w, c.CaseId);
        Assert.Equal(ReferralState.AwaitingOverrideApproval, r.State);
        Assert.Single(await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ConsentOverrideRequested && e.EntityId == r.Id.ToString()).ToListAsync()));
        Assert.Empty(await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ConsentOverrideApproved).ToListAsync()));

        // The receiver neither sees nor can accept it, nor read the case.
        Task<CaseView> ShelterReads() => t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker));
        Assert.DoesNotContain((await t.With(sp => sp.Get<ListReferrals>().HandleAsync(w.ShelterWorker))).Items, x => x.Id == r.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker)));
        await Assert.ThrowsAsync<NotFoundException>(ShelterReads);

        // The requester cannot approve their own override; nor can a supervisor other than the named one.
        var self = await Assert.ThrowsAsync<DomainException>(() => AnswerAsync(w, r.Id, true, w.NgoSupervisor));
        Assert.Equal("approval", self.Field);
        var other = await ThirdSupervisorAsync(t, w);
        Assert.Equal("approval", (await Assert.ThrowsAsync<DomainException>(() => AnswerAsync(w, r.Id, true, other))).Field);
        // A case worker (no override permission) and another organisation are out of scope.
        await Assert.ThrowsAsync<NotFoundException>(() => AnswerAsync(w, r.Id, true, w.NgoWorker));
        await Assert.ThrowsAsync<NotFoundException>(() => AnswerAsync(w, r.Id, true, w.ShelterWorker with { Roles = new HashSet<Role> { Role.CaseSupervisor } }));
        Assert.Equal(ReferralState.AwaitingOverrideApproval, (await t.With(sp => sp.Db().Referrals.AsNoTracking().SingleAsync(x => x.Id == r.Id))).State);

        // The named supervisor sees it waiting for them, and approves.
        Assert.Equal(r.Id, Assert.Single(await t.With(sp => sp.Get<ListOverrideApprovals>().HandleAsync(w.NgoSupervisor2))).Id);
        Assert.Empty(await t.With(sp => sp.Get<ListOverrideApprovals>().HandleAsync(w.NgoSupervisor)));
        var approved = await AnswerAsync(w, r.Id, true, w.NgoSupervisor2);
        Assert.Equal(ReferralState.Pending, approved.State);
        var audit = await t.With(sp => sp.Db().AuditEntries.SingleAsync(e => e.Event == AuditEvent.ConsentOverrideApproved));
        Assert.Equal(w.NgoSupervisor2.UserId, audit.ActorId);
        Assert.Empty(await t.With(sp => sp.Get<ListOverrideApprovals>().HandleAsync(w.NgoSupervisor2)));
        Assert.Equal("state", (await Assert.ThrowsAsync<DomainException>(() => AnswerAsync(w, r.Id, true, w.NgoSupervisor2))).Field);

        Assert.Contains((await t.With(sp => sp.Get<ListReferrals>().HandleAsync(w.ShelterWorker))).Items, x => x.Id == r.Id);
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal("Olena", (await ShelterReads()).Person!.GivenName);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Refusal_NeedsAReason_AndEndsTheReferral_TheDpoSeesWhoRefused(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var r = await OverrideAsync(w, c.CaseId);

        Assert.Equal("reason", (await Assert.ThrowsAsync<DomainException>(() => AnswerAsync(w, r.Id, false, w.NgoSupervisor2, " "))).Field);
        var refused = await AnswerAsync(w, r.Id, false, w.NgoSupervisor2, "ask the person first");
        Assert.Equal(ReferralState.Withdrawn, refused.State);
        Assert.Equal("ask the person first", refused.Reason);
        Assert.Equal(w.NgoSupervisor2.UserId, (await t.With(sp => sp.Db().AuditEntries.SingleAsync(e => e.Event == AuditEvent.ConsentOverrideRefused))).ActorId);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker)));
        Assert.Equal("state", (await Assert.ThrowsAsync<DomainException>(() => AnswerAsync(w, r.Id, true, w.NgoSupervisor2))).Field);

        var dpo = w.NgoWorker with { Roles = new HashSet<Role> { Role.DataProtectionOfficer } };
        var line = Assert.Single(await t.With(sp => sp.Get<ListConsentOverrides>().HandleAsync(dpo)));
        Assert.Null(line.ApprovedBy);
        Assert.Null(line.ApprovedAt);
        Assert.NotNull(line.RefusedAt);
        Assert.Equal("Withdrawn", line.State);
    }

    [Fact]
    public async Task Requester_MayWithdrawAnOverrideAwaitingApproval()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var r = await OverrideAsync(w, c.CaseId);
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Withdraw", "consent given after all", w.NgoSupervisor));
        Assert.Empty(await t.With(sp => sp.Get<ListOverrideApprovals>().HandleAsync(w.NgoSupervisor2)));
        Assert.Equal("state", (await Assert.ThrowsAsync<DomainException>(() => AnswerAsync(w, r.Id, true, w.NgoSupervisor2))).Field);
    }

    private static async Task<Actor> ThirdSupervisorAsync(TestDatabase t, CaseWorld w)
    {
        var u = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new($"CaseSupervisor-{Guid.NewGuid():N}@x.example", w.Ngo.Id.ToString(), ["CaseSupervisor"]), Actor.Cli));
        return new Actor(u.User.Id, w.Ngo.Id, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1");
    }
    /// <summary>
    /// A receiver that already sees the case through an accepted referral does not see a second referral to it that
    /// still waits for the override's approval (nor its reason).
    /// </summary>
    [Fact]
    public async Task OverrideAwaitingApproval_IsNotListedToAReceiverThatSeesTheCaseThroughAnotherReferral()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var services = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["legal-aid"], ["Services"], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(services.Id, "Accept", null, w.ShelterWorker));
        var pending = await OverrideAsync(w, c.CaseId);

        var seen = await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker));
        Assert.Equal(services.Id, Assert.Single(seen.Referrals).Id);
        Assert.Contains((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoSupervisor))).Referrals, r => r.Id == pending.Id);
    }

    /// <summary>
    /// The receiver of an approved override sees the referral, not the sender's reasons for overriding consent nor who
    /// asked and approved; the owner still sees all of it. A refused override stays unseen by the receiver.
    /// </summary>
    [Fact]
    public async Task ApprovedOverride_TheReceiverDoesNotSeeTheOverrideReasonOrWhoApproved()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var refused = await OverrideAsync(w, c.CaseId);
        await AnswerAsync(w, refused.Id, false, w.NgoSupervisor2, "ask the person first");
        var r = await OverrideAsync(w, c.CaseId);
        await AnswerAsync(w, r.Id, true, w.NgoSupervisor2);
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker));

        var seen = Assert.Single((await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker))).Referrals);
        Assert.Equal((r.Id, ReferralState.Accepted, true), (seen.Id, seen.State, seen.ConsentOverridden));
        Assert.Equal((null, null, null), (seen.OverrideReason, seen.OverrideApproverId, seen.CreatedByUserId));

        var owner = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoSupervisor))).Referrals;
        Assert.Equal(2, owner.Count);
        var mine = owner.Single(x => x.Id == r.Id);
        Assert.Equal(("imminent danger", w.NgoSupervisor2.UserId, w.NgoSupervisor.UserId), (mine.OverrideReason, mine.OverrideApproverId, mine.CreatedByUserId));
    }
}
