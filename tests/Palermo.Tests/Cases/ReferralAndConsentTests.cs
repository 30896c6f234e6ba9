using Microsoft.EntityFrameworkCore;
using Palermo.Assistance;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

public sealed class ReferralAndConsentTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Referral_GrantsAccessOnAcceptance_AndRemovesItOnWithdrawal(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var referral = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter", "medical"], ["Identity"], null, null, null), w.NgoWorker));
        Task<CaseView> ShelterReads() => t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker));

        await Assert.ThrowsAsync<NotFoundException>(ShelterReads); // pending: no access yet
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Accept", null, w.ShelterWorker));
        var seen = await ShelterReads();
        Assert.Equal("Olena", seen.Person!.GivenName);
        Assert.Null(seen.Person.Contacts); // contacts were not shared
        Assert.Empty(seen.Consents);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("shelter", "2026-02-11", null, "InProgress", null, null), w.ShelterWorker)));

        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(referral.Id, "Withdraw", "moved", w.NgoWorker));
        await Assert.ThrowsAsync<NotFoundException>(ShelterReads);
    }

    [Fact]
    public async Task Referral_WithoutConsent_IsRefused_OverrideNeedsSupervisorAndSecondApprover()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        ReferralInput Input(string? reason = null, Guid? approver = null) => new(w.Shelter.Id, ["shelter"], [], null, reason, approver);
        var refused = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, Input(), w.NgoWorker)));
        Assert.Equal("consent", refused.Field);
        var worker = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, Input("imminent danger", w.NgoSupervisor.UserId), w.NgoWorker)));
        Assert.Equal("consent", worker.Field);
        var self = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, Input("imminent danger", w.NgoSupervisor.UserId), w.NgoSupervisor)));
        Assert.Equal("approvedBy", self.Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Referrals.CountAsync()));
        var ok = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, Input("imminent danger", w.NgoSupervisor2.UserId), w.NgoSupervisor));
        Assert.True(ok.ConsentOverridden);
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ConsentOverrideApproved).ToListAsync());
        Assert.DoesNotContain("imminent", Assert.Single(audit).Purpose ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithdrawConsent_TakesEffectAtOnce_ReceiverLosesAccess()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var consent = await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Verbal", w.Shelter.Id), w.NgoWorker));
        var r = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["legal-aid"], [], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal(1, await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(consent.Id, w.NgoWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker)));
        Assert.Equal("consent", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(consent.Id, w.NgoWorker)))).Field);
    }

    [Fact]
    public async Task OtherOrganisation_CannotSeeOrChangeTheCase()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Assistance", "Written", null), w.ShelterWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("food", "2026-02-11", null, null, null, null), w.ShelterWorker)));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.Analyst)));
        Assert.Equal("serviceCode", (await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<RecordService>().HandleAsync(c.CaseId, new("massage", "2026-02-11", null, null, null, null), w.NgoWorker)))).Field);
    }
}
