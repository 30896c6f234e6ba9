using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;
using Palermo.Tests.Cases;

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

    private static Actor Admin(CaseWorld w) => w.NgoSupervisor with { Roles = new HashSet<Role> { Role.OrganisationAdministrator } };
}
