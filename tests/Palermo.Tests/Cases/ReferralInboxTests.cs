using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>The referral inbox of a busy receiver, a page at a time.</summary>
public sealed class ReferralInboxTests
{
    private static async Task<(TestDatabase T, CaseWorld W, Referral Old)> BusyInboxAsync(DatabaseProvider provider, int declined)
    {
        var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var start = t.Time.GetUtcNow().UtcDateTime;
        var old = new Referral(c.CaseId, w.Ngo.Id, w.Shelter.Id, ["shelter"], SharedParts.Services, null, null, start.AddDays(-30));
        await t.With(async sp =>
        {
            var db = sp.Db();
            db.Referrals.Add(old);
            for (var i = 0; i < declined; i++)
            {
                var r = new Referral(c.CaseId, w.Ngo.Id, w.Shelter.Id, ["legal-aid"], SharedParts.Services, null, null, start.AddMinutes(-i));
                r.Decline("No place available", start.AddMinutes(-i));
                db.Referrals.Add(r);
            }

            return await db.SaveChangesAsync();
        });
        return (t, w, old);
    }

    /// <summary>
    /// An incoming referral still waiting for a decision comes first, however many newer ones there are: an old
    /// pending referral never drops out of sight on a later page.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OldPendingReferral_ComesFirst_BeforeHundredsOfNewerOnes(DatabaseProvider provider)
    {
        var (t, w, old) = await BusyInboxAsync(provider, ListReferrals.DefaultPageSize + 5);
        await using var _ = t;
        var inbox = await t.With(sp => sp.Get<ListReferrals>().HandleAsync(w.ShelterWorker));
        Assert.Equal(ListReferrals.DefaultPageSize, inbox.Items.Count);
        Assert.Equal(ListReferrals.DefaultPageSize + 6, inbox.Total);
        Assert.Equal(old.Id, inbox.Items[0].Id);
        Assert.Equal(ReferralState.Pending, inbox.Items[0].State);
        Assert.True(inbox.Items.Skip(1).All(r => r.State == ReferralState.Declined));
        // Then newest first.
        Assert.Equal(inbox.Items.Skip(1).OrderByDescending(r => r.CreatedAt).Select(r => r.Id), inbox.Items.Skip(1).Select(r => r.Id));
    }

    /// <summary>More referrals than a page: the pages together hold each exactly once, and the last is short.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_TogetherHoldEveryReferralOnce(DatabaseProvider provider)
    {
        var (t, w, _) = await BusyInboxAsync(provider, 11);
        await using var __ = t;
        var pages = new List<ReferralPage>();
        for (var p = 1; p <= 4; p++) pages.Add(await t.With(sp => sp.Get<ListReferrals>().HandleAsync(w.ShelterWorker, p, 5)));
        Assert.All(pages, p => Assert.Equal(12, p.Total));
        Assert.All(pages, p => Assert.Equal(3, p.LastPage));
        Assert.Equal([5, 5, 2, 0], pages.Select(p => p.Items.Count));
        var ids = pages.SelectMany(p => p.Items).Select(r => r.Id).ToList();
        Assert.Equal(12, ids.Distinct().Count());
        // The referring organisation sees the same twelve, as outgoing.
        var outbox = await t.With(sp => sp.Get<ListReferrals>().HandleAsync(w.NgoWorker, 1, 100));
        Assert.Equal(ids.Order(), outbox.Items.Select(r => r.Id).Order());
        Assert.All(outbox.Items, r => Assert.False(r.Incoming));
    }

    [Theory]
    [InlineData(0, 25, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, ListReferrals.MaxPageSize + 1, "pageSize")]
    public async Task Page_OutOfRange_NamesTheField(int page, int size, string field)
    {
        await using var t = await TestDatabase.CreateAsync();
        var w = await CaseWorld.CreateAsync(t);
        var ex = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ListReferrals>().HandleAsync(w.ShelterWorker, page, size)));
        Assert.Equal(field, ex.Field);
    }
}
