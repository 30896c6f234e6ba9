using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Demo;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>
/// A receiving organisation's case list and name search follow its referrals (accepted only, until withdrawal,
/// completion or the end of access, only the parts named), although which cases are referred to it is held in
/// memory per process (<see cref="ReferralAccessIndex"/>): a change saved by another process shows at once.
/// </summary>
public sealed class ReceiverListTests
{
    /// <summary>
    /// Referrals are accepted, withdrawn, completed and narrowed through other contexts of this process (applied to
    /// the memory in place) and by "another process" — the rows and the stamp changed in the database, this process's
    /// memory told nothing, as when the CLI saves beside the web app. The list and the search, already warmed up,
    /// follow every change at once. An end of access passing changes nothing in the database and still hides the case.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ChangesSavedElsewhere_AndExpiry_ShowInTheWarmListAndSearchAtOnce(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        await w.RegisterAsync(CaseWorld.Input("Mario", "Rossi") with { DocumentNumber = "X2" });
        await using var cli = new ServiceCollection().AddSingleton<TimeProvider>(t.Time).AddPalermo(t.Settings).AddPalermoUseCases().BuildServiceProvider();
        async Task Cli(Func<IServiceProvider, Task> work)
        {
            await using var scope = cli.CreateAsyncScope();
            await work(scope.ServiceProvider);
        }

        // Another process's save: the referral's state and the receiver's stamp change in one transaction, and nothing
        // in this process hears of it.
        async Task OtherProcess(Guid referralId, ReferralState state) => await t.With(async sp =>
        {
            var db = sp.Db();
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Referrals.Where(r => r.Id == referralId).ExecuteUpdateAsync(u => u.SetProperty(r => r.State, state));
            await ReferralAccessStamp.BumpAsync(db, w.Shelter.Id, default);
            await tx.CommitAsync();
        });

        async Task<string[]> Listed() => (await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery(), w.ShelterWorker))).Items.Select(i => i.Reference).ToArray();
        async Task<string[]> Found() => (await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = "Olena Kovalenko" }, w.ShelterWorker))).Items.Select(i => i.Reference).ToArray();

        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var sharing = await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
        Task<Referral> Refer(string? until) => t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["shelter"], ["Identity"], until, null, null), w.NgoWorker));

        // Pending: nothing yet (and the empty answer is now held in this process's memory).
        var first = await Refer(null);
        Assert.Empty(await Listed());
        Assert.Empty(await Found());

        // Accepted through another context and service provider: listed and found here.
        await Cli(sp => sp.Get<DecideReferral>().HandleAsync(first.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal([c.Reference], await Listed());
        Assert.Equal([c.Reference], await Found());

        // Withdrawn there: gone from both.
        await Cli(sp => sp.Get<DecideReferral>().HandleAsync(first.Id, "Withdraw", "no longer needed", w.NgoWorker));
        Assert.Empty(await Listed());
        Assert.Empty(await Found());

        // Accepted, then completed, by another process: listed and found, then gone.
        var second = await Refer(null);
        Assert.Empty(await Listed());
        await OtherProcess(second.Id, ReferralState.Accepted);
        Assert.Equal([c.Reference], await Listed());
        Assert.Equal([c.Reference], await Found());
        await OtherProcess(second.Id, ReferralState.Completed);
        Assert.Empty(await Listed());
        Assert.Empty(await Found());

        // The identity withheld by the other process (consent to share identifiable data withdrawn): still listed
        // for its services, no longer found by name.
        var third = await Refer(null);
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(third.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal([c.Reference], await Found());
        await Cli(sp => sp.Get<WithdrawConsent>().HandleAsync(sharing.Id, w.NgoWorker));
        Assert.Equal([c.Reference], await Listed());
        Assert.Empty(await Found());
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(third.Id, "Complete", null, w.ShelterWorker));

        // Until the end of access, then not: no write in between, only the clock.
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
        var expiring = await Refer("2026-03-10");
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(expiring.Id, "Accept", null, w.ShelterWorker));
        Assert.Equal([c.Reference], await Listed());
        Assert.Equal([c.Reference], await Found());
        t.Time.Advance(TimeSpan.FromDays(10));
        Assert.Empty(await Listed());
        Assert.Empty(await Found());
        Assert.Empty((await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Lookup = c.Reference }, w.ShelterWorker))).Items);
    }

    /// <summary>
    /// The busiest receiver of a demo population (thousands of referred cases from a few organisations, found by
    /// walking each referring organisation's cases): every page and filter shows exactly the cases the access rule
    /// allows, in the same order as one query over all of them; a referral withdrawn by another process takes its case
    /// off the page at once.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LargeReceiver_PagesMatchTheAccessRule_AndFollowAWithdrawal(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(16_000, 7, Actor.Cli));
        var receiver = await t.With(sp => sp.Db().Referrals.Where(r => r.State == ReferralState.Accepted).GroupBy(r => r.ToOrganisationId)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync());
        var worker = new Actor(Guid.NewGuid(), receiver, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        // More referred cases from one organisation than are fetched by id: the walk is exercised.
        var perOwner = await t.With(sp => sp.Db().Referrals.Where(r => r.ToOrganisationId == receiver && r.State == ReferralState.Accepted)
            .GroupBy(r => r.FromOrganisationId).Select(g => g.Count()).MaxAsync());
        Assert.True(perOwner > 500, $"only {perOwner} referred cases from one organisation");

        async Task Matches(CaseQuery q, Func<IQueryable<Case>, IQueryable<Case>> filter)
        {
            var page = await t.With(sp => sp.Get<ListCases>().HandleAsync(q, worker));
            var expected = await t.With(async sp =>
            {
                var db = sp.Db();
                var visible = filter(db.Cases.AsNoTracking().VisibleTo(db, worker));
                var ordered = q.Sort == "identified"
                    ? visible.OrderBy(c => c.IdentificationDate).ThenBy(c => c.Reference)
                    : visible.OrderByDescending(c => c.IdentificationDate).ThenByDescending(c => c.Reference);
                return await ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).Select(c => c.Reference).ToListAsync();
            });
            Assert.Equal(expected, page.Items.Select(i => i.Reference).ToList());
            Assert.Contains(page.Items, i => i.Referred);
        }

        await Matches(new CaseQuery(), x => x);
        await Matches(new CaseQuery { Page = 7, PageSize = 50 }, x => x);
        await Matches(new CaseQuery { Sort = "identified", Page = 2 }, x => x);
        await Matches(new CaseQuery { Status = "Active", Country = "ITA" }, x => x.Where(c => c.Status == CaseStatus.Active && c.CountryOfDetection == "ITA"));

        var onPage = (await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery(), worker))).Items.First(i => i.Referred);

        // A name search scans the referring organisation's index over the cases shared with identity only: it finds
        // the referred person, and no case of that organisation that is not referred to the receiver with identity.
        var person = (await t.With(sp => sp.Get<GetCase>().HandleAsync(onPage.Id, worker))).Person!;
        Task<CasePage> Search() => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = $"{person.GivenName} {person.FamilyName}", PageSize = 100 }, worker));
        var shared = (await t.With(sp => sp.Db().Referrals.Where(r => r.ToOrganisationId == receiver && r.State == ReferralState.Accepted && (r.Parts & SharedParts.Identity) != 0)
            .Select(r => r.CaseId).ToListAsync())).ToHashSet();
        var found = await Search();
        Assert.Contains(found.Items, i => i.Id == onPage.Id);
        Assert.All(found.Items.Where(i => i.Referred), i => Assert.Contains(i.Id, shared));
        await using (var cli = new ServiceCollection().AddSingleton<TimeProvider>(t.Time).AddPalermo(t.Settings).AddPalermoUseCases().BuildServiceProvider())
        await using (var scope = cli.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
            foreach (var r in await db.Referrals.Where(r => r.CaseId == onPage.Id && r.ToOrganisationId == receiver && r.State == ReferralState.Accepted).ToListAsync(TestContext.Current.CancellationToken))
            {
                r.Withdraw("test", db.UtcNow);
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var after = await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery(), worker));
        Assert.DoesNotContain(after.Items, i => i.Id == onPage.Id);
        // The withdrawal was applied to the memory in place: what it holds is what reading every referral again gives.
        Assert.True(await t.With(sp => Task.FromResult(ReferralAccessIndex.ViewIsExact(sp.Db(), receiver))));
        Assert.DoesNotContain((await Search()).Items, i => i.Id == onPage.Id);
        await Matches(new CaseQuery(), x => x);
    }
}
