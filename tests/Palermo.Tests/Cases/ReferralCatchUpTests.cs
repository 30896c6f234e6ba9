using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>
/// A receiving organisation's referred cases, held in this process's memory (<see cref="ReferralAccessIndex"/>), follow
/// referrals changed by another process on the same database by reading again only the referrals that changed (the
/// stamp's <see cref="ReferralAccessChange"/> links); and whenever the links do not lead to the current stamp (a bulk
/// write, a link pruned, a transaction rolled back), by reading all of them as before. Either way the list and the
/// name search show exactly what the access rule allows at the next request.
/// </summary>
public sealed class ReferralCatchUpTests
{
    /// <summary>
    /// Accepted, narrowed (identity withheld), several changes in a row, withdrawn — each by the other process, each
    /// seen by this one at its next request without reading the receiver's referrals again; this process's own save
    /// after the other's catches up over both links.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AnotherProcessesChanges_AreCaughtUp_WithoutReadingAllAgain(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var s = await Scene.CreateAsync(t);
        await using var other = OtherProcess(t);

        // Warm: nothing referred yet, read whole once.
        Assert.Empty(await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(1, 0), await s.Builds());

        // Referred and accepted there: listed and found here, caught up each time.
        var olena = await In(other, sp => s.Refer(sp, s.Olena));
        Assert.Empty(await s.Listed());
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(olena.Id, "Accept", null, s.World.ShelterWorker));
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Equal([s.Olena.Reference], await s.Found("Olena Kovalenko"));
        Assert.Equal(new ReferralAccessIndex.Builds(1, 2), await s.Builds());

        // The parts narrowed there (consent to share identifiable data withdrawn): still listed, no longer found by name.
        await In(other, sp => sp.Get<WithdrawConsent>().HandleAsync(s.OlenaSharing, s.World.NgoWorker));
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Empty(await s.Found("Olena Kovalenko"));
        Assert.Equal(new ReferralAccessIndex.Builds(1, 3), await s.Builds());

        // Three saves there while this process looks away, then one here: one catch-up over all four links.
        var mario = await In(other, sp => s.Refer(sp, s.Mario));
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(mario.Id, "Accept", null, s.World.ShelterWorker));
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(olena.Id, "Withdraw", "no longer needed", s.World.NgoWorker));
        var olenaAgain = await t.With(sp => s.Refer(sp, s.Olena, "CaseDetails"));
        Assert.Equal([s.Mario.Reference], await s.Listed());
        Assert.Equal([s.Mario.Reference], await s.Found("Mario Rossi"));
        Assert.Empty(await s.Found("Olena Kovalenko"));
        Assert.Equal(new ReferralAccessIndex.Builds(1, 4), await s.Builds());

        // Accepted here (applied in place), then completed there: gone; the other process saw its own changes too.
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(olenaAgain.Id, "Accept", null, s.World.ShelterWorker));
        Assert.Equal(new[] { s.Mario.Reference, s.Olena.Reference }.Order(), (await s.Listed()).Order());
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(mario.Id, "Complete", null, s.World.ShelterWorker));
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(1, 5), await s.Builds());
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(olenaAgain.Id, "Withdraw", "no longer needed", s.World.NgoWorker));
        Assert.Empty(await s.Listed());
        Assert.Empty(await s.Found("Olena Kovalenko"));
        Assert.Empty(await s.Found("Mario Rossi"));
        Assert.Equal(new ReferralAccessIndex.Builds(1, 6), await s.Builds());
    }

    /// <summary>
    /// Referrals with an end of access accepted elsewhere while one without is already listed here: the case stays
    /// listed past the first end, and goes when the last referral granting it ends or is withdrawn — the view made in
    /// steps is what computing it whole gives at every moment.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExpiringReferralsCaughtUp_FollowTheClock(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var s = await Scene.CreateAsync(t);
        await using var other = OtherProcess(t);
        var forGood = await t.With(sp => s.Refer(sp, s.Olena, "CaseDetails"));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(forGood.Id, "Accept", null, s.World.ShelterWorker));
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Empty(await s.Found("Olena Kovalenko"));

        // Identity shared until 10 March, and Mario referred until 20 March, both accepted there.
        var identity = await In(other, sp => s.Refer(sp, s.Olena, "Identity", "2026-03-10"));
        var mario = await In(other, sp => s.Refer(sp, s.Mario, "Identity", "2026-03-20"));
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(identity.Id, "Accept", null, s.World.ShelterWorker));
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(mario.Id, "Accept", null, s.World.ShelterWorker));
        Assert.Equal(new[] { s.Mario.Reference, s.Olena.Reference }.Order(), (await s.Listed()).Order());
        Assert.Equal([s.Olena.Reference], await s.Found("Olena Kovalenko"));

        // Past 10 March: Olena still listed (the referral for good), no longer found by name; Mario still there.
        t.Time.Advance(TimeSpan.FromDays(10));
        Assert.Equal(new[] { s.Mario.Reference, s.Olena.Reference }.Order(), (await s.Listed()).Order());
        Assert.Empty(await s.Found("Olena Kovalenko"));
        Assert.Equal([s.Mario.Reference], await s.Found("Mario Rossi"));

        // The referral for good withdrawn there: Olena gone; past 20 March, Mario too.
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(forGood.Id, "Withdraw", "no longer needed", s.World.NgoWorker));
        Assert.Equal([s.Mario.Reference], await s.Listed());
        t.Time.Advance(TimeSpan.FromDays(10));
        Assert.Empty(await s.Listed());
        Assert.Empty(await s.Found("Mario Rossi"));
        Assert.Equal(1, (await s.Builds()).FullReads);
    }

    /// <summary>
    /// Where the links do not lead from the stamp this process holds to the current one, it reads every referral again,
    /// and the answer is still right: a bulk write that replaced the stamp without a link; a link gone (pruned after a
    /// day by the organisation's next save); a transaction that rolled back after its save reached the memory of the
    /// process that made it.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BrokenChains_ReadEverythingAgain_AndStayRight(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var s = await Scene.CreateAsync(t);
        await using var other = OtherProcess(t);
        var olena = await t.With(sp => s.Refer(sp, s.Olena));
        var mario = await t.With(sp => s.Refer(sp, s.Mario));
        Assert.Empty(await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(1, 0), await s.Builds());

        // A bulk write elsewhere: the row and the stamp changed together, no link.
        await In(other, async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Referrals.Where(r => r.Id == olena.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ReferralState.Accepted));
            await ReferralAccessStamp.BumpAsync(db, s.World.Shelter.Id, default);
            await tx.CommitAsync();
        });
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(2, 0), await s.Builds());

        // A change elsewhere, then a day and more later another, whose save prunes the first one's link.
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(mario.Id, "Accept", null, s.World.ShelterWorker));
        t.Time.Advance(TimeSpan.FromDays(2));
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(olena.Id, "Withdraw", "no longer needed", s.World.NgoWorker));
        Assert.Equal(1, await t.With(sp => sp.Db().Set<ReferralAccessChange>().CountAsync(c => c.OrganisationId == s.World.Shelter.Id)));
        Assert.Equal([s.Mario.Reference], await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(3, 0), await s.Builds());

        // A link deleted outright (as by an operator): read whole again.
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(mario.Id, "Complete", null, s.World.ShelterWorker));
        await t.With(sp => sp.Db().Set<ReferralAccessChange>().Where(c => c.OrganisationId == s.World.Shelter.Id).ExecuteDeleteAsync());
        Assert.Empty(await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(4, 0), await s.Builds());

        // Accepted in a transaction that then rolls back: the saving process applied it to its memory, under a stamp
        // that never committed. Its next list reads everything again and shows nothing; so does this process's.
        var third = await In(other, sp => s.Refer(sp, s.Olena));
        Assert.Empty(await s.ListedIn(other));
        await In(other, async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await sp.Get<DecideReferral>().HandleAsync(third.Id, "Accept", null, s.World.ShelterWorker);
            await tx.RollbackAsync();
        });
        var before = await s.BuildsIn(other);
        Assert.Empty(await s.ListedIn(other));
        Assert.Equal(before.FullReads + 1, (await s.BuildsIn(other)).FullReads);
        Assert.Empty(await s.Listed());

        // And the chain goes on from the committed stamp: accepted for good there, caught up here.
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(third.Id, "Accept", null, s.World.ShelterWorker));
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Equal([s.Olena.Reference], await s.ListedIn(other));
        Assert.Equal(new ReferralAccessIndex.Builds(4, 2), await s.Builds());
    }

    /// <summary>
    /// More saves elsewhere than a catch-up follows (64 links): everything is read again, and right; the next save
    /// elsewhere is caught up with again.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TooManySavesElsewhere_ReadEverythingAgain(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var s = await Scene.CreateAsync(t);
        await using var other = OtherProcess(t);
        var accepted = await In(other, sp => s.Refer(sp, s.Olena));
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(accepted.Id, "Accept", null, s.World.ShelterWorker));
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(1, 0), await s.Builds());

        for (var i = 0; i < 65; i++) await In(other, sp => s.Refer(sp, s.Mario));
        Assert.Equal([s.Olena.Reference], await s.Listed());
        Assert.Equal(new ReferralAccessIndex.Builds(2, 0), await s.Builds());

        var mario = await In(other, sp => s.Refer(sp, s.Mario));
        await In(other, sp => sp.Get<DecideReferral>().HandleAsync(mario.Id, "Accept", null, s.World.ShelterWorker));
        Assert.Equal(new[] { s.Mario.Reference, s.Olena.Reference }.Order(), (await s.Listed()).Order());
        Assert.Equal(new ReferralAccessIndex.Builds(2, 1), await s.Builds());
    }

    /// <summary>
    /// Another process on the same database: its own services, and a connection string that differs only by a
    /// keyword changing nothing (on PostgreSQL an application name; on SQLite one second more of busy wait than
    /// Database:BusyTimeoutSeconds, which Palermo also writes into the connection string), so its in-memory indexes — keyed by
    /// connection string — are its own, and nothing it saves reaches this process's memory, as with the CLI beside
    /// the web app.
    /// </summary>
    private static ServiceProvider OtherProcess(TestDatabase t)
    {
        var cs = t.Settings.ConnectionString + (t.Settings.Provider == DatabaseProvider.Postgres ? ";Application Name=palermo-other" : $";Default Timeout={t.Settings.BusyTimeoutSeconds + 1}");
        return new ServiceCollection().AddSingleton<TimeProvider>(t.Time).AddPalermo(t.Settings with { ConnectionString = cs }).AddPalermoUseCases().BuildServiceProvider();
    }

    private static async Task<T> In<T>(ServiceProvider process, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = process.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static async Task In(ServiceProvider process, Func<IServiceProvider, Task> work)
    {
        await using var scope = process.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Two cases of the NGO, both consented for referral and identity sharing to the shelter.</summary>
    private sealed record Scene(TestDatabase T, CaseWorld World, RegisteredCase Olena, RegisteredCase Mario, Guid OlenaSharing)
    {
        public static async Task<Scene> CreateAsync(TestDatabase t)
        {
            var w = await CaseWorld.CreateAsync(t);
            var olena = await w.RegisterAsync();
            var mario = await w.RegisterAsync(CaseWorld.Input("Mario", "Rossi") with { DocumentNumber = "X2" });
            Guid sharing = default;
            foreach (var c in new[] { olena, mario })
            {
                await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
                var consent = await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
                if (c == olena) sharing = consent.Id;
            }

            return new Scene(t, w, olena, mario, sharing);
        }

        public Task<Referral> Refer(IServiceProvider sp, RegisteredCase c, string parts = "Identity", string? until = null) =>
            sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(World.Shelter.Id, ["shelter"], [parts], until, null, null), World.NgoWorker);

        /// <summary>This process's list; and its in-memory view, however made, is what computing it whole gives.</summary>
        public async Task<string[]> Listed()
        {
            var listed = await T.With(List);
            Assert.True(await T.With(sp => Task.FromResult(ReferralAccessIndex.ViewIsExact(sp.Db(), World.Shelter.Id))));
            return listed;
        }

        public async Task<string[]> ListedIn(ServiceProvider process) => await In(process, List);

        public async Task<string[]> Found(string name) =>
            (await T.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = name }, World.ShelterWorker))).Items.Select(i => i.Reference).ToArray();

        public Task<ReferralAccessIndex.Builds> Builds() => T.With(sp => Task.FromResult(ReferralAccessIndex.BuildsOf(sp.Db(), World.Shelter.Id)!.Value));

        public Task<ReferralAccessIndex.Builds> BuildsIn(ServiceProvider process) => In(process, sp => Task.FromResult(ReferralAccessIndex.BuildsOf(sp.Db(), World.Shelter.Id)!.Value));

        private async Task<string[]> List(IServiceProvider sp) =>
            (await sp.Get<ListCases>().HandleAsync(new CaseQuery(), World.ShelterWorker)).Items.Select(i => i.Reference).ToArray();
    }
}
