using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Tests.Cases;

/// <summary>What a receiving organisation can find of a referred case through the exact lookups.</summary>
public sealed class ReferredLookupTests
{
    /// <summary>
    /// A document number is identity data. A receiver whose referral shares only services finds the case by its
    /// reference, but a lookup by the person's document number must not confirm who the case is about.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ServicesOnlyReferral_DocumentLookupFindsNothing_ReferenceLookupFindsTheCase(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        var w = await CaseWorld.CreateAsync(t);
        var c = await w.RegisterAsync();
        var reference = (await t.With(sp => sp.Get<GetCase>().HandleAsync(c.CaseId, w.NgoWorker))).Reference;
        await t.With(sp => sp.Get<RecordConsent>().HandleAsync(c.CaseId, new("Referral", "Written", w.Shelter.Id), w.NgoWorker));
        var r = await t.With(sp => sp.Get<CreateReferral>().HandleAsync(c.CaseId, new(w.Shelter.Id, ["legal-aid"], ["Services"], null, null, null), w.NgoWorker));
        await t.With(sp => sp.Get<DecideReferral>().HandleAsync(r.Id, "Accept", null, w.ShelterWorker));
        Task<CasePage> Shelter(CaseQuery q) => t.With(sp => sp.Get<ListCases>().HandleAsync(q, w.ShelterWorker));

        Assert.Equal(reference, Assert.Single((await Shelter(new CaseQuery { Lookup = reference })).Items).Reference);
        Assert.Empty((await Shelter(new CaseQuery { Lookup = "FE 123456" })).Items);
        Assert.Empty((await Shelter(new CaseQuery { Lookup = "fe-123456" })).Items);
        // The owner still finds its own case by the document number.
        Assert.Equal(reference, Assert.Single((await t.With(sp => sp.Get<ListCases>().HandleAsync(new CaseQuery { Lookup = "FE 123456" }, w.NgoWorker))).Items).Reference);
    }
}
