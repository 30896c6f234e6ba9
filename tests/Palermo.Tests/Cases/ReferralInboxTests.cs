using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>The referral inbox of a busy receiver.</summary>
public sealed class ReferralInboxTests
{
    /// <summary>
    /// The inbox shows the newest few hundred referrals, and always every incoming one still waiting for a decision,
    /// however many newer ones there are: an old pending referral never drops out of sight.
    /// </summary>
    [Fact]
    public async Task OldPendingReferral_StaysInTheInbox_BehindHundredsOfNewerOnes()
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var start = t.Time.GetUtcNow().UtcDateTime;
        var old = new Referral(c.CaseId, w.Ngo.Id, w.Shelter.Id, ["shelter"], SharedParts.Services, null, null, start.AddDays(-30));
        await t.With(async sp =>
        {
            var db = sp.Db();
            db.Referrals.Add(old);
            for (var i = 0; i < ListReferrals.Recent + 5; i++)
            {
                var r = new Referral(c.CaseId, w.Ngo.Id, w.Shelter.Id, ["legal-aid"], SharedParts.Services, null, null, start.AddMinutes(-i));
                r.Decline("No place available", start.AddMinutes(-i));
                db.Referrals.Add(r);
            }

            return await db.SaveChangesAsync();
        });

        var inbox = await t.With(sp => sp.Get<ListReferrals>().HandleAsync(w.ShelterWorker));
        Assert.Equal(ListReferrals.Recent + 1, inbox.Count);
        Assert.Equal(old.Id, inbox[^1].Id);
        Assert.Equal(ReferralState.Pending, inbox[^1].State);
        Assert.True(inbox.Take(ListReferrals.Recent).All(r => r.State == ReferralState.Declined));
    }
}
