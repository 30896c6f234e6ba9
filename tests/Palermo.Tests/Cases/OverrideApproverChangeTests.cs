using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>
/// A consent override whose named approver can no longer act (deactivated, no longer a case supervisor) does not wait
/// forever: the requester — or, once the requester is gone too, another case supervisor — names another approver.
/// </summary>
public sealed class OverrideApproverChangeTests
{
    private static readonly Guid Requester = Guid.NewGuid(), Named = Guid.NewGuid(), Other = Guid.NewGuid(), Third = Guid.NewGuid();
    private static readonly DateTime Now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    private static Referral Awaiting()
    {
        var r = new Referral(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), ["shelter"], SharedParts.Identity, null, Requester, Now);
        r.RequestConsentOverride("imminent danger", Named);
        return r;
    }

    private static string FieldOf(Action a) => Assert.Throws<DomainException>(a).Field;

    [Fact]
    public void Entity_TheRequesterNamesAnother_WhoAloneMayThenDecide()
    {
        var r = Awaiting();
        r.ChangeOverrideApprover(Other, approverIsActiveSupervisor: true, by: Requester, requesterCanAct: true);
        Assert.Equal(Other, r.OverrideApproverId);
        Assert.Equal(ReferralState.AwaitingOverrideApproval, r.State);
        // The supervisor named before can no longer decide; the one named now can.
        Assert.Equal("approval", FieldOf(() => r.ApproveConsentOverride(Named, Now)));
        r.ApproveConsentOverride(Other, Now);
        Assert.Equal(ReferralState.Pending, r.State);
        // Approved: there is nothing left to re-address.
        Assert.Equal("state", FieldOf(() => r.ChangeOverrideApprover(Third, true, Requester, true)));
    }

    [Fact]
    public void Entity_GuardsWhoMayAsk_AndWhomTheyMayName()
    {
        var r = Awaiting();
        // Another supervisor, while the requester can still act: not theirs to re-address.
        Assert.Equal("requester", FieldOf(() => r.ChangeOverrideApprover(Third, true, Other, requesterCanAct: true)));
        // Never the requester, never oneself, never the one already named, never someone who cannot approve.
        Assert.Equal("approvedBySupervisorId", FieldOf(() => r.ChangeOverrideApprover(Requester, true, Requester, true)));
        Assert.Equal("approvedBySupervisorId", FieldOf(() => r.ChangeOverrideApprover(Other, true, Other, requesterCanAct: false)));
        Assert.Equal("approvedBySupervisorId", FieldOf(() => r.ChangeOverrideApprover(Named, true, Requester, true)));
        Assert.Equal("approvedBySupervisorId", FieldOf(() => r.ChangeOverrideApprover(Third, approverIsActiveSupervisor: false, Requester, true)));
        Assert.Equal(Named, r.OverrideApproverId);

        // The requester gone, another supervisor may name a third (not the requester, not themselves).
        Assert.Equal("approvedBySupervisorId", FieldOf(() => r.ChangeOverrideApprover(Requester, true, Other, requesterCanAct: false)));
        r.ChangeOverrideApprover(Third, true, Other, requesterCanAct: false);
        Assert.Equal(Third, r.OverrideApproverId);

        var refused = Awaiting();
        refused.RefuseConsentOverride(Named, "ask the person first", Now);
        Assert.Equal("state", FieldOf(() => refused.ChangeOverrideApprover(Other, true, Requester, true)));
    }

    // ---- the use case, on both databases ---------------------------------------------------------------------------

    private static Task<Referral> OverrideAsync(CaseWorld w, Guid caseId) =>
        w.Db.With(sp => sp.Get<CreateReferral>().HandleAsync(caseId,
            new(w.Shelter.Id, ["shelter"], ["Identity"], null, "imminent danger", w.NgoSupervisor2.UserId), w.NgoSupervisor));

    private static Task<Referral> ChangeAsync(CaseWorld w, Guid referralId, Guid? approver, Actor by, long? version = null) =>
        w.Db.With(sp => sp.Get<ChangeOverrideApprover>().HandleAsync(referralId, approver, by, version));

    private static async Task<(Actor Actor, string Email)> SupervisorAsync(TestDatabase t, Guid org)
    {
        var email = $"CaseSupervisor-{Guid.NewGuid():N}@x.example";
        var u = await t.With(sp => sp.Get<CreateUser>().HandleAsync(new(email, org.ToString(), ["CaseSupervisor"]), Actor.Cli));
        return (new Actor(u.User.Id, org, new HashSet<Role> { Role.CaseSupervisor }, "127.0.0.1"), email);
    }

    private static Task<string> EmailAsync(TestDatabase t, Guid? user) =>
        t.With(sp => sp.Db().Users.Where(u => u.Id == user).Select(u => u.Email!).SingleAsync());

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApproverDeactivated_TheRequesterNamesAnother_WhoApproves_TheReferralGoesOn(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var r = await OverrideAsync(w, c.CaseId);
        var (third, thirdEmail) = await SupervisorAsync(t, w.Ngo.Id);

        // The named supervisor leaves: nobody could ever approve the request.
        await t.With(async sp => { await sp.Get<SetUserActive>().HandleAsync(w.NgoSupervisor2.UserId!.Value, false, Actor.Cli); return 0; });
        Assert.DoesNotContain(await t.With(sp => sp.Get<ListOverrideApprovers>().HandleAsync(w.NgoSupervisor)), a => a.Id == w.NgoSupervisor2.UserId);

        var changed = await ChangeAsync(w, r.Id, third.UserId, w.NgoSupervisor, r.Version);
        Assert.Equal((ReferralState.AwaitingOverrideApproval, third.UserId), (changed.State, changed.OverrideApproverId));
        var audit = await t.With(sp => sp.Db().AuditEntries.SingleAsync(e => e.Event == AuditEvent.ConsentOverrideApproverChanged));
        Assert.Equal((w.NgoSupervisor.UserId, r.Id.ToString()), (audit.ActorId, audit.EntityId));
        // Ids only in the detail: the previous approver's account id, never an address.
        Assert.Equal($"previous approver {w.NgoSupervisor2.UserId}", audit.Purpose);

        // It now waits for the new approver alone; the one named before can no longer decide it.
        Assert.Equal(r.Id, Assert.Single(await t.With(sp => sp.Get<ListOverrideApprovals>().HandleAsync(third))).Id);
        Assert.Empty(await t.With(sp => sp.Get<ListOverrideApprovals>().HandleAsync(w.NgoSupervisor2)));
        var old = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(r.Id, true, null, w.NgoSupervisor2)));
        Assert.Equal("approval", old.Field);

        var approved = await t.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(r.Id, true, null, third, changed.Version));
        Assert.Equal(ReferralState.Pending, approved.State);
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal("Olena", (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker))).Person!.GivenName);

        // The data protection officer sees who approved, and who had been named before and who changed it.
        var dpo = w.NgoWorker with { Roles = new HashSet<Role> { Role.DataProtectionOfficer } };
        var line = Assert.Single(await t.With(sp => sp.Get<ListConsentOverrides>().HandleAsync(dpo)));
        Assert.Equal((thirdEmail, thirdEmail), (line.Approver, line.ApprovedBy));
        var history = Assert.Single(line.ApproverChanges!);
        Assert.Equal((await EmailAsync(t, w.NgoSupervisor2.UserId), await EmailAsync(t, w.NgoSupervisor.UserId)), (history.PreviousApprover, history.ChangedBy));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task StaleVersion_IsAConflict_AndTheFirstChoiceStays(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var r = await OverrideAsync(w, c.CaseId);
        var (third, _) = await SupervisorAsync(t, w.Ngo.Id);

        await ChangeAsync(w, r.Id, third.UserId, w.NgoSupervisor, r.Version);
        // A second tab, opened before the first choice, names the old approver again: refused, not overwritten.
        await Assert.ThrowsAsync<ConflictException>(() => ChangeAsync(w, r.Id, w.NgoSupervisor2.UserId, w.NgoSupervisor, r.Version));
        var stored = await t.With(sp => sp.Db().Referrals.AsNoTracking().SingleAsync(x => x.Id == r.Id));
        Assert.Equal(third.UserId, stored.OverrideApproverId);
        Assert.Single(await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ConsentOverrideApproverChanged).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outsiders_AndBadChoices_AreRefused_NothingChanges(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var r = await OverrideAsync(w, c.CaseId);
        var (third, _) = await SupervisorAsync(t, w.Ngo.Id);
        var (shelterSupervisor, _) = await SupervisorAsync(t, w.Shelter.Id);

        // Without the override permission, or of another organisation: out of scope.
        await Assert.ThrowsAsync<NotFoundException>(() => ChangeAsync(w, r.Id, third.UserId, w.NgoWorker));
        await Assert.ThrowsAsync<NotFoundException>(() => ChangeAsync(w, r.Id, third.UserId, shelterSupervisor));
        await Assert.ThrowsAsync<NotFoundException>(() => ChangeAsync(w, Guid.NewGuid(), third.UserId, w.NgoSupervisor));
        // Another supervisor of the organisation, while the requester can act: a field error naming why.
        Assert.Equal("requester", (await Assert.ThrowsAsync<DomainException>(() => ChangeAsync(w, r.Id, third.UserId, third))).Field);

        // Whom the requester may not name: nobody, themselves, the one already named, a case worker, another
        // organisation's supervisor, an unknown account, a deactivated supervisor.
        var (leaver, _) = await SupervisorAsync(t, w.Ngo.Id);
        await t.With(async sp => { await sp.Get<SetUserActive>().HandleAsync(leaver.UserId!.Value, false, Actor.Cli); return 0; });
        foreach (var bad in new[] { null, w.NgoSupervisor.UserId, w.NgoSupervisor2.UserId, w.NgoWorker.UserId, shelterSupervisor.UserId, Guid.NewGuid(), leaver.UserId })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => ChangeAsync(w, r.Id, bad, w.NgoSupervisor));
            Assert.Equal("approvedBySupervisorId", ex.Field);
        }

        Assert.Equal(w.NgoSupervisor2.UserId, (await t.With(sp => sp.Db().Referrals.AsNoTracking().SingleAsync(x => x.Id == r.Id))).OverrideApproverId);
        Assert.Empty(await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ConsentOverrideApproverChanged).ToListAsync()));

        // Once answered there is nothing to re-address.
        await t.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(r.Id, false, "ask the person first", w.NgoSupervisor2));
        Assert.Equal("state", (await Assert.ThrowsAsync<DomainException>(() => ChangeAsync(w, r.Id, third.UserId, w.NgoSupervisor))).Field);
    }

    /// <summary>
    /// The requester is no longer a case supervisor and the approver left: another supervisor of the organisation names
    /// a fourth, who refuses. Neither the requester nor the one re-addressing may be named.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RequesterGone_AnotherSupervisorNamesTheApprover(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var r = await OverrideAsync(w, c.CaseId);
        var (third, _) = await SupervisorAsync(t, w.Ngo.Id);
        var (fourth, _) = await SupervisorAsync(t, w.Ngo.Id);
        await t.With(sp => sp.Get<ChangeUserRoles>().HandleAsync(w.NgoSupervisor.UserId!.Value, ["CaseWorker"], Actor.Cli));
        await t.With(async sp => { await sp.Get<SetUserActive>().HandleAsync(w.NgoSupervisor2.UserId!.Value, false, Actor.Cli); return 0; });

        Assert.Equal("approvedBySupervisorId", (await Assert.ThrowsAsync<DomainException>(() => ChangeAsync(w, r.Id, third.UserId, third))).Field);
        var changed = await ChangeAsync(w, r.Id, fourth.UserId, third);
        Assert.Equal(fourth.UserId, changed.OverrideApproverId);

        var refused = await t.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(r.Id, false, "ask the person first", fourth));
        Assert.Equal(ReferralState.Withdrawn, refused.State);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker)));
    }
}
