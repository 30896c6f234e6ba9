using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>
/// Name search as a case worker uses it: one name alone, cases referred to the organisation with the person's
/// identity, and the audit trail a data protection officer reads (who searched how, never what).
/// </summary>
public sealed class CaseNameSearchTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OneName_FindsTheGivenOrTheFamilyName_WithTyposAndTransliterations_ExactNameFirst(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var olena = await w.RegisterAsync();
        var elena = await w.RegisterAsync(CaseWorld.Input("Elena", "Petrenko") with { DocumentNumber = "E1" });
        var muhammad = await w.RegisterAsync(CaseWorld.Input("Muhammad", "Hussein") with { DocumentNumber = "M1", Gender = "Masculine", Citizenships = ["SY"] });
        var garcia = await w.RegisterAsync(CaseWorld.Input("Juan", "Garcia") with { DocumentNumber = "J1", Gender = "Masculine", Citizenships = ["MX"] });
        async Task<List<string>> Search(string name) =>
            (await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = name }, w.NgoWorker))).Items.Select(i => i.Reference).ToList();

        // A given name alone: the exact name first, its transliteration after it, an unrelated person not at all.
        var found = await Search("Olena");
        Assert.Equal(olena.Reference, found[0]);
        Assert.Contains(elena.Reference, found);
        Assert.DoesNotContain(garcia.Reference, found);
        Assert.Equal(elena.Reference, (await Search("Elena"))[0]);

        // A family name alone, also mistyped.
        Assert.Equal(olena.Reference, (await Search("Kovalenko"))[0]);
        Assert.Equal(olena.Reference, (await Search("Kowalenko"))[0]);
        Assert.DoesNotContain(garcia.Reference, await Search("Kovalenko"));
        Assert.Equal(muhammad.Reference, (await Search("Husein"))[0]);

        // Transliteration of a given name.
        Assert.Contains(muhammad.Reference, await Search("Mohammed"));
        Assert.DoesNotContain(muhammad.Reference, await Search("Kovalenko"));

        // Two names still compare the whole person, the closer one first.
        Assert.Equal(olena.Reference, (await Search("Elena Kovalenko"))[0]);
        Assert.DoesNotContain(garcia.Reference, await Search("Elena Kovalenko"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NameOfOnlyPunctuationOrABadSort_IsAFieldError_AndNothingIsAudited(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        await w.RegisterAsync();
        foreach (var name in new[] { "-", " ? - ", "..." })
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = name }, w.NgoWorker)));
            Assert.Equal("name", e.Field);
        }

        // A bad sort with a good name: the sort's error, and no search recorded as if it had run.
        var badSort = await Assert.ThrowsAsync<DomainException>(() => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = "Olena", Sort = "name" }, w.NgoWorker)));
        Assert.Equal("sort", badSort.Field);
        await t.With(sp => sp.Get<SearchAuditLog>().FlushAsync());
        Assert.Equal(0, await t.With(sp => sp.Db().AuditEntries.CountAsync(e => e.Event == AuditEvent.CasesSearchedByName)));
    }

    /// <summary>
    /// A receiver finds a referred case by name only while an accepted, unexpired referral shares the person's
    /// identity: services-only referrals, withdrawn or completed ones, expired ones and a withdrawn consent to share
    /// identifiable data all hide it again. The owner keeps finding its case throughout.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReferredCase_FoundByNameOnlyWhileAnActiveReferralSharesIdentity(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var other = await w.RegisterAsync(CaseWorld.Input("Olena", "Kovalenko") with { DocumentNumber = "X2", BirthDate = "1990-01-01" });
        Task<CasePage> ShelterSearch(string name) => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = name }, w.ShelterWorker));
        Task<Referral> Refer(Guid caseId, string? validUntil, params string[] parts) =>
            t.With(sp => sp.Get<CreateReferral>().HandleAsync(caseId, new(w.Shelter.Id, ["shelter"], parts, validUntil, null, null), w.NgoWorker));
        Task Decide(Referral r, string decision, Palermo.Accounts.Actor by) => t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, decision, "done", by));

        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(other.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));

        // Services only: the shelter sees the case in its list, but a name does not find it.
        var servicesOnly = await Refer(c.CaseId, null, "Services");
        await Decide(servicesOnly, "Accept", w.ShelterWorker);
        Assert.Single((await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery(), w.ShelterWorker))).Items);
        Assert.Empty((await ShelterSearch("Olena Kovalenko")).Items);
        Assert.Empty((await ShelterSearch("Kovalenko")).Items);

        // With identity, once accepted: found by both names and by one; the other case of the same name (not referred) is not.
        var sharing = await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
        var identity = await Refer(c.CaseId, null, "Identity", "Services");
        Assert.Empty((await ShelterSearch("Olena Kovalenko")).Items);
        await Decide(identity, "Accept", w.ShelterWorker);
        Assert.Equal([c.Reference], (await ShelterSearch("Elena Kovalenko")).Items.Select(i => i.Reference));
        Assert.Equal([c.Reference], (await ShelterSearch("Kowalenko")).Items.Select(i => i.Reference));
        Assert.True(Assert.Single((await ShelterSearch("Olena")).Items).Referred);

        // Withdrawing the consent to share identifiable data narrows the referral: no longer found by name.
        await t.With(sp => sp.Get<WithdrawConsent>().HandleAsync(sharing.Id, w.NgoWorker));
        Assert.Empty((await ShelterSearch("Olena Kovalenko")).Items);

        // A new identity referral, then withdrawn by the owner.
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("SharingIdentifiableData", "Written", w.Shelter.Id), w.NgoWorker));
        var again = await Refer(c.CaseId, null, "Identity");
        await Decide(again, "Accept", w.ShelterWorker);
        Assert.Single((await ShelterSearch("Olena Kovalenko")).Items);
        await Decide(again, "Withdraw", w.NgoWorker);
        Assert.Empty((await ShelterSearch("Olena Kovalenko")).Items);

        // Completed by the receiver.
        var third = await Refer(c.CaseId, null, "Identity");
        await Decide(third, "Accept", w.ShelterWorker);
        Assert.Single((await ShelterSearch("Kovalenko")).Items);
        await Decide(third, "Complete", w.ShelterWorker);
        Assert.Empty((await ShelterSearch("Kovalenko")).Items);

        // Expired: found until the day it runs out, not after.
        var expiring = await Refer(c.CaseId, "2026-03-10", "Identity");
        await Decide(expiring, "Accept", w.ShelterWorker);
        Assert.Single((await ShelterSearch("Kovalenko")).Items);
        t.Time.Advance(TimeSpan.FromDays(10));
        Assert.Empty((await ShelterSearch("Kovalenko")).Items);

        // The owner finds both of its cases all along.
        Assert.Equal(2, (await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = "Kovalenko" }, w.NgoWorker))).Items.Count);
    }

    /// <summary>
    /// Every lookup and name search leaves one audit entry: who, which kind of search, how many cases were found —
    /// never the reference, document number or name typed. Plain lists are not audited. Entries keep the order of
    /// the searches and the hash chain stays intact.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LookupsAndNameSearches_AreAuditedWithKindAndCount_NeverWhatWasTyped(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var olena = await w.RegisterAsync();
        await w.RegisterAsync(CaseWorld.Input("Elena", "Petrenko") with { DocumentNumber = "E1" });
        Task<CasePage> List(CaseQuery q) => t.With(sp => sp.Get<ListCases>().HandleAsync(q, w.NgoWorker));
        var before = await t.With(sp => sp.Db().AuditEntries.MaxAsync(e => e.Sequence));

        await List(new CaseQuery());
        await List(new CaseQuery { Status = "Active" });
        await List(new CaseQuery { Lookup = olena.Reference });
        await List(new CaseQuery { Lookup = "PAL-2026-999999" });
        await List(new CaseQuery { Lookup = "FE 123456" });
        var byName = await List(new CaseQuery { Name = "Olena" });
        // Written in batches (about once a second, and when the web host stops); a flush writes what is queued.
        await t.With(sp => sp.Get<SearchAuditLog>().FlushAsync());

        var entries = await t.With(sp => sp.Db().AuditEntries.AsNoTracking().Where(e => e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([AuditEvent.CaseLookedUpByReference, AuditEvent.CaseLookedUpByReference, AuditEvent.CaseLookedUpByDocument, AuditEvent.CasesSearchedByName],
            entries.Select(e => e.Event));
        Assert.Equal(["1 found", "0 found", "1 found", "2 found"], entries.Select(e => e.Purpose));
        Assert.Equal(2, byName.Total);
        Assert.All(entries, e =>
        {
            Assert.Equal(w.NgoWorker.UserId, e.ActorId);
            Assert.Equal(w.Ngo.Id, e.OrganisationId);
            Assert.Null(e.EntityId);
            var text = $"{e.EntityType} {e.EntityId} {e.Purpose}";
            foreach (var typed in new[] { "Olena", "olena", "PAL-2026", "123456", "FE" }) Assert.DoesNotContain(typed, text, StringComparison.Ordinal);
        });

        // The chain stays intact.
        Assert.True((await t.With(sp => sp.Get<VerifyAuditLog>().HandleAsync(null))).Intact);
    }

    /// <summary>
    /// A common name can match more cases than a search considers (the best 200): the total then says "at least",
    /// instead of a count that looks exact.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NameMatchingMoreThanTheLimit_TotalIsALowerBound(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        await t.With(async sp =>
        {
            var register = sp.Get<RegisterVictim>();
            for (var i = 0; i <= ListCases.NameMatchLimit; i++) await register.HandleAsync(CaseWorld.Input(), w.NgoWorker);
        });
        await w.RegisterAsync(CaseWorld.Input("Juan", "Garcia"));
        Task<CasePage> Search(string name) => t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Name = name, PageSize = ListCases.MaxPageSize }, w.NgoWorker));

        var many = await Search("Olena");
        Assert.True(many.TotalIsLowerBound);
        Assert.Equal(ListCases.NameMatchLimit, many.Total);
        Assert.Equal(ListCases.MaxPageSize, many.Items.Count);
        var one = await Search("Garcia");
        Assert.False(one.TotalIsLowerBound);
        Assert.Equal(1, one.Total);
    }
}
