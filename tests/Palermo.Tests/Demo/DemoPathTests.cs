using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Demo;
using Palermo.Organisations;
using Palermo.Referrals;

namespace Palermo.Tests.Demo;

/// <summary>The demo's cases follow the referral mechanism: consent, referral, services, follow-up and closure.</summary>
public sealed class DemoPathTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SeededCases_HaveConsentedReferralsServicesAndLifecycles(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(2_000, 9, Actor.Cli));

        await t.With(async sp =>
        {
            var db = sp.Db();
            var kinds = await db.Organisations.ToDictionaryAsync(o => o.Id, o => o.Kind);
            var cases = await db.Cases.AsNoTracking().Select(c => new { c.Id, c.OrganisationId, c.PersonId, c.Status, c.ClosureReason, c.IdentificationDate }).ToListAsync();
            var referrals = await db.Referrals.AsNoTracking().ToListAsync();
            var services = await db.Services.AsNoTracking().ToListAsync();
            var consents = await db.Consents.AsNoTracking().ToListAsync();
            var byId = cases.ToDictionary(c => c.Id);

            // Most frontline cases are referred on to a shelter or an NGO, each with the person's consent to that referral.
            var frontline = cases.Where(c => DemoPaths.IsFrontline(kinds[c.OrganisationId])).ToList();
            Assert.InRange(referrals.Count(r => frontline.Any(c => c.Id == r.CaseId)), frontline.Count * 8 / 10, frontline.Count);
            foreach (var r in referrals)
            {
                var c = byId[r.CaseId];
                Assert.Equal(c.OrganisationId, r.FromOrganisationId);
                Assert.Contains(kinds[r.ToOrganisationId], new[] { OrganisationKind.Shelter, OrganisationKind.NonGovernmentalOrganisation });
                Assert.Contains(consents, k => k.PersonId == c.PersonId && k.Purpose == ConsentPurpose.Referral && k.RecipientOrganisationId == r.ToOrganisationId && k.IsActive);
                // Demo referrals share identity and contacts, so the person consented to that sharing too (CreateReferral's rule).
                Assert.NotEqual(SharedParts.None, r.Parts & Referral.IdentifyingParts);
                Assert.Contains(consents, k => k.PersonId == c.PersonId && k.Purpose == ConsentPurpose.SharingIdentifiableData && k.RecipientOrganisationId == r.ToOrganisationId && k.IsActive);
            }

            Assert.Equal(
                [ReferralState.Pending, ReferralState.Accepted, ReferralState.Declined, ReferralState.Completed],
                referrals.Select(r => r.State).Distinct().Order());

            // Services: from the catalogue, by the holder when it assists people itself or by the accepted partner.
            Assert.InRange(services.Count, cases.Count, cases.Count * 6);
            var catalogue = ServiceType.Defaults.Select(d => d.Code).ToHashSet();
            foreach (var s in services)
            {
                Assert.Contains(s.ServiceCode, catalogue);
                var c = byId[s.CaseId];
                var partner = referrals.Any(r => r.CaseId == s.CaseId && r.ToOrganisationId == s.ProviderOrganisationId && r.State is ReferralState.Accepted or ReferralState.Completed);
                Assert.True(partner || (s.ProviderOrganisationId == c.OrganisationId && !DemoPaths.IsFrontline(kinds[c.OrganisationId])));
                Assert.True(s.StartDate >= c.IdentificationDate);
                Assert.True(s.Status != ServiceStatus.Delivered || s.EndDate <= new DateOnly(2026, 11, 28));
            }

            Assert.Contains(services, s => s.Status == ServiceStatus.InProgress);
            Assert.Contains(services, s => s.Status == ServiceStatus.Delivered);

            // Lifecycles: recent cases active; older ones in follow-up or closed with a reason.
            Assert.Equal([CaseStatus.Active, CaseStatus.FollowUp, CaseStatus.Closed, CaseStatus.ClosedReferred], cases.Select(c => c.Status).Distinct().Order());
            Assert.All(cases.Where(c => c.Status is CaseStatus.Closed or CaseStatus.ClosedReferred), c => Assert.False(string.IsNullOrWhiteSpace(c.ClosureReason)));
            Assert.All(cases.Where(c => c.IdentificationDate > new DateOnly(2026, 8, 1)), c => Assert.NotEqual(CaseStatus.Closed, c.Status));
            Assert.InRange(consents.Count(k => k.Purpose == ConsentPurpose.Assistance), cases.Count * 9 / 10, cases.Count);

            // The HTCDS perpetrator and incoming-referral facts: most victims know their recruiter; one in ten came from outreach.
            var facts = await db.Cases.AsNoTracking().Select(c => new { c.PerpetratorRoles, Described = c.Perpetrator != null, c.ReferringOrganisation, c.IncomingReferralDate, c.IdentificationDate }).ToListAsync();
            Assert.InRange(facts.Count(f => f.PerpetratorRoles.HasFlag(PerpetratorRole.RecruiterOrIntermediary)), cases.Count * 7 / 10, cases.Count * 9 / 10);
            Assert.Contains(facts, f => f.PerpetratorRoles.HasFlag(PerpetratorRole.Transporter));
            Assert.All(facts.Where(f => f.Described), f => Assert.NotEqual(PerpetratorRole.None, f.PerpetratorRoles));
            Assert.InRange(facts.Count(f => f.Described), cases.Count * 3 / 10, cases.Count * 6 / 10);
            Assert.InRange(facts.Count(f => f.ReferringOrganisation != null), cases.Count / 20, cases.Count / 5);
            Assert.All(facts.Where(f => f.ReferringOrganisation != null), f => Assert.True(f.IncomingReferralDate < f.IdentificationDate));
            Assert.InRange(await db.Persons.CountAsync(p => p.MailingAddress != null), cases.Count / 20, cases.Count / 5);
        });

        // The perpetrator and the address are sealed with the person's key and open for the owner.
        var described = await t.With(sp => sp.Db().Cases.Where(c => c.Perpetrator != null && c.Person.MailingAddress != null).Select(c => new { c.Id, c.OrganisationId }).FirstAsync());
        var owner = new Actor(Guid.NewGuid(), described.OrganisationId, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var full = await t.With(sp => sp.Get<GetCase>().HandleAsync(described.Id, owner));
        Assert.False(string.IsNullOrEmpty(full.Perpetrator?.SecondName));
        Assert.StartsWith("Via Demo ", full.Person!.Mailing!.Street, StringComparison.Ordinal);

        // An accepted referral shows the case to the receiving organisation's workers.
        var accepted = await t.With(sp => sp.Db().Referrals.Where(r => r.State == ReferralState.Accepted && r.ValidUntil == null).Select(r => new { r.CaseId, r.ToOrganisationId }).FirstAsync());
        var receiver = new Actor(Guid.NewGuid(), accepted.ToOrganisationId, new HashSet<Role> { Role.CaseWorker }, "127.0.0.1");
        var view = await t.With(sp => sp.Get<GetCase>().HandleAsync(accepted.CaseId, receiver));
        Assert.NotNull(view.Person);
    }
}
