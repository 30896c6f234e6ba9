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
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
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
    public async Task Referral_WithoutConsent_IsRefused_OverrideNeedsSupervisorAndNamesASecondApprover()
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
        Assert.Equal("approvedBySupervisorId", self.Field);
        Assert.Equal(0, await t.With(sp => sp.Db().Referrals.CountAsync()));
        var ok = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, Input("imminent danger", w.NgoSupervisor2.UserId), w.NgoSupervisor));
        Assert.True(ok.ConsentOverridden);
        Assert.Equal(ReferralState.AwaitingOverrideApproval, ok.State);
        var audit = await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ConsentOverrideRequested).ToListAsync());
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
        Assert.Equal(new ConsentWithdrawal(1, 0), await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(consent.Id, w.NgoWorker)));
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

    private static Task<ConsentRecord> ConsentAsync(CaseWorld w, Guid caseId, string purpose) =>
        w.Db.With(sp => sp.Get<RecordConsent>().HandleAsync(caseId, new(purpose, "Written", w.Shelter.Id), w.NgoWorker));

    private static Task<Referral> ReferAsync(CaseWorld w, Guid caseId, params string[] parts) =>
        w.Db.With(sp => sp.Get<CreateReferral>().HandleAsync(caseId, new(w.Shelter.Id, ["shelter"], parts, null, null, null), w.NgoWorker));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SharingIdentityOrContacts_NeedsConsentToShareIdentifiableData_WithdrawingItHidesThePersonAtOnce(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await ConsentAsync(w, c.CaseId, "Referral");

        // The referral consent alone covers services and case facts, not who the person is or how to reach them.
        foreach (var parts in new[] { new[] { "Identity" }, ["Contacts"], ["Identity", "Contacts", "Services"] })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => ReferAsync(w, c.CaseId, parts));
            Assert.Equal("consent", refused.Field);
            Assert.Contains("identity or contacts", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, await t.With(sp => sp.Db().Referrals.CountAsync()));
        var servicesOnly = await ReferAsync(w, c.CaseId, "Services");
        Assert.False(servicesOnly.ConsentOverridden);

        // Consent to share with another organisation does not cover this one.
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Ngo.Id), w.NgoWorker));
        Assert.Equal("consent", (await Assert.ThrowsAsync<DomainException>(() => ReferAsync(w, c.CaseId, "Identity"))).Field);

        var sharing = await ConsentAsync(w, c.CaseId, "SharingIdentifiableData");
        var identity = await ReferAsync(w, c.CaseId, "Identity", "Contacts");
        Assert.False(identity.ConsentOverridden);
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(identity.Id, "Accept", null, w.ShelterWorker));
        Task<CaseView> ShelterReads() => t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker));
        Assert.Equal("Olena", (await ShelterReads()).Person!.GivenName);

        // Withdrawal: the referral goes on for its services, but the shelter no longer sees who the person is.
        Assert.Equal(new ConsentWithdrawal(0, 1), await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(sharing.Id, w.NgoWorker)));
        var seen = await ShelterReads();
        Assert.Null(seen.Person);
        Assert.Equal(c.Reference, seen.Reference);
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ListCaseNotes>().HandleAsync(c.CaseId, w.ShelterWorker)));
        var after = await t.With(sp => sp.Db().Referrals.AsNoTracking().SingleAsync(r => r.Id == identity.Id));
        Assert.Equal((ReferralState.Accepted, SharedParts.CaseDetails), (after.State, after.Parts));
        Assert.Equal(identity.Id.ToString(), (await t.With(sp => sp.Db().AuditEntries.SingleAsync(e => e.Event == AuditEvent.ReferralIdentityWithheld))).EntityId);
        Assert.Equal("consent", (await Assert.ThrowsAsync<DomainException>(() => ReferAsync(w, c.CaseId, "Identity"))).Field);
    }

    [Fact]
    public async Task SharingIdentity_WithoutThatConsent_NeedsAnApprovedOverride()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await ConsentAsync(w, c.CaseId, "Referral");
        var ok = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], ["Identity"], null, "imminent danger", w.NgoSupervisor2.UserId), w.NgoSupervisor));
        Assert.True(ok.ConsentOverridden);
        await t.With(sp => sp.Get<ApproveConsentOverride>().HandleAsync(ok.Id, true, null, w.NgoSupervisor2));
        Assert.Single(await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ConsentOverrideApproved).ToListAsync()));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(ok.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal("Olena", (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker))).Person!.GivenName);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WithdrawingOneOfTwoConsents_KeepsTheReferral_WithdrawingTheLastEndsIt(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var first = await ConsentAsync(w, c.CaseId, "Referral");
        var second = await ConsentAsync(w, c.CaseId, "Referral");
        var sharing1 = await ConsentAsync(w, c.CaseId, "SharingIdentifiableData");
        var sharing2 = await ConsentAsync(w, c.CaseId, "SharingIdentifiableData");
        var r = await ReferAsync(w, c.CaseId, "Identity");
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker));
        Task<CaseView> ShelterReads() => t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.ShelterWorker));

        Assert.Equal(new ConsentWithdrawal(0, 0), await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(sharing1.Id, w.NgoWorker)));
        Assert.Equal("Olena", (await ShelterReads()).Person!.GivenName);
        Assert.Equal(new ConsentWithdrawal(0, 0), await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(first.Id, w.NgoWorker)));
        Assert.Equal("Olena", (await ShelterReads()).Person!.GivenName);
        Assert.Equal(ReferralState.Accepted, (await t.With(sp => sp.Db().Referrals.AsNoTracking().SingleAsync())).State);

        Assert.Equal(new ConsentWithdrawal(0, 1), await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(sharing2.Id, w.NgoWorker)));
        Assert.Null((await ShelterReads()).Person);
        Assert.Equal(new ConsentWithdrawal(1, 0), await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(second.Id, w.NgoWorker)));
        await Assert.ThrowsAsync<NotFoundException>(ShelterReads);
        Assert.Equal(ReferralState.Withdrawn, (await t.With(sp => sp.Db().Referrals.AsNoTracking().SingleAsync())).State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accept_AfterTheConsentWasWithdrawn_IsRefused(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var referralConsent = await ConsentAsync(w, c.CaseId, "Referral");
        var sharing = await ConsentAsync(w, c.CaseId, "SharingIdentifiableData");
        var identity = await ReferAsync(w, c.CaseId, "Identity");
        var services = await ReferAsync(w, c.CaseId, "Services");

        // The race: the consent row is withdrawn after the referral was read as pending, without the use case's clean-up.
        async Task WithdrawRowAsync(Guid id) => await t.With(async sp =>
        {
            var db = sp.Db();
            (await db.Consents.SingleAsync(k => k.Id == id)).Withdraw(null, db.UtcNow);
            await db.SaveChangesAsync();
        });
        Task<Referral> Accept(Guid id) => t.With(sp => sp.Get<DecideReferral>().HandleAsync(id, "Accept", null, w.ShelterWorker));

        await WithdrawRowAsync(sharing.Id);
        Assert.Equal("consent", (await Assert.ThrowsAsync<DomainException>(() => Accept(identity.Id))).Field);
        Assert.Equal(ReferralState.Accepted, (await Accept(services.Id)).State); // services only: the referral consent still holds

        var another = await ReferAsync(w, c.CaseId, "Services");
        await WithdrawRowAsync(referralConsent.Id);
        Assert.Equal("consent", (await Assert.ThrowsAsync<DomainException>(() => Accept(another.Id))).Field);
        var states = await t.With(sp => sp.Db().Referrals.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.State));
        Assert.Equal((ReferralState.Pending, ReferralState.Pending), (states[identity.Id], states[another.Id]));
        await Assert.ThrowsAsync<NotFoundException>(() => t.With(sp => sp.Get<ListCaseNotes>().HandleAsync(c.CaseId, w.ShelterWorker)));
        Assert.Equal(services.Id.ToString(), Assert.Single(await t.With(sp => sp.Db().AuditEntries.Where(e => e.Event == AuditEvent.ReferralAccepted).ToListAsync())).EntityId);
    }

    [Fact]
    public async Task Decline_NeedsAReason()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await ConsentAsync(w, c.CaseId, "Referral");
        var r = await ReferAsync(w, c.CaseId, "Services");
        foreach (var reason in new[] { null, "", "   " })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Decline", reason, w.ShelterWorker)));
            Assert.Equal("reason", refused.Field);
        }

        Assert.Equal(ReferralState.Declined, (await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Decline", "No place available", w.ShelterWorker))).State);
    }
}
