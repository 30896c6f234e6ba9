using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Demo;
using Palermo.Referrals;
using Palermo.Statistics;

namespace Palermo.Tests.Demo;

/// <summary>
/// 20,000 seeded demo cases against the Global Report's headline shares (glotip.md, 2024 edition: women / girls /
/// men / boys 39 / 22 / 23 / 16 %, sexual / forced labour / other 38 / 42 / 20 %; 58 % domestic and fewer than one in
/// ten trans-regional), and the rules a case worker would expect every record to keep: no accepted referral without
/// the person's consent, no service before identification or before the referral that brought the provider in, and
/// closed cases with a reason, a closure after their services, and "closed as referred" only when a referral was taken up.
/// </summary>
public sealed class DemoCalibrationTests
{
    private const int Cases = 20_000;

    /// <summary>Five standard errors of a share near 0.4 over 20,000 cases is about 0.017.</summary>
    private const double Tolerance = 0.02;

    [Fact]
    public async Task TwentyThousandDemoCases_MatchTheGlobalReportShares_AndKeepTheConsistencyRules()
    {
        await using var t = await TestDatabase.CreateAsync();
        t.Time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        var today = new DateOnly(2026, 11, 28);
        await t.With(sp => sp.Get<SeedDemo>().HandleAsync(Cases, 20261129, Actor.Cli));

        await t.With(async sp =>
        {
            var db = sp.Db();
            var persons = await db.Persons.AsNoTracking().Select(p => new { p.Id, p.Gender, p.Citizenships }).ToDictionaryAsync(p => p.Id);
            var cases = await db.Cases.AsNoTracking().Select(c => new
            {
                c.Id, c.PersonId, c.OrganisationId, c.Exploitation, c.AgeAtIdentification, c.CountryOfDetection, c.IdentificationDate,
                c.Status, c.ClosureReason, c.ClosedAt,
            }).ToListAsync();
            Assert.Equal(Cases, cases.Count);

            // Shares, per case.
            void Share(double expected, int count, string what) =>
                Assert.True(Math.Abs(((double)count / Cases) - expected) <= Tolerance, $"{what}: {(double)count / Cases:P1}, expected {expected:P0} ± {Tolerance:P0}");
            bool Female(Guid person) => persons[person].Gender == Gender.Feminine;
            Share(0.39, cases.Count(c => Female(c.PersonId) && c.AgeAtIdentification >= 18), "women");
            Share(0.22, cases.Count(c => Female(c.PersonId) && c.AgeAtIdentification < 18), "girls");
            Share(0.23, cases.Count(c => !Female(c.PersonId) && c.AgeAtIdentification >= 18), "men");
            Share(0.16, cases.Count(c => !Female(c.PersonId) && c.AgeAtIdentification < 18), "boys");
            // The Global Report's three groups (glotip.md): forced labour, child labour and servitude are forced labour.
            const ExploitationType labour = ExploitationType.ForcedLabour | ExploitationType.ChildLabour | ExploitationType.Servitude;
            Share(0.38, cases.Count(c => c.Exploitation == ExploitationType.SexualExploitation), "sexual exploitation");
            Share(0.42, cases.Count(c => (c.Exploitation & labour) != 0 && (c.Exploitation & ~labour) == 0), "forced labour");
            Share(0.20, cases.Count(c => c.Exploitation != ExploitationType.SexualExploitation && (c.Exploitation & ~labour) != 0), "other forms");
            var countries = ComputeStatistics.Countries;
            var flows = cases.Select(c => countries.Classify(persons[c.PersonId].Citizenships.Split(';')[0], c.CountryOfDetection)).ToList();
            Share(0.58, flows.Count(f => f == FlowClass.Domestic), "domestic");
            var transregional = (double)flows.Count(f => f == FlowClass.Transregional) / Cases;
            Assert.True(transregional is > 0.05 and < 0.10, $"trans-regional {transregional:P1}: the Global Report says fewer than one in ten");

            // Names from many cultures, with near-duplicates recorded by a second organisation; one in twelve also
            // known under another name, which the search index holds next to the name.
            Assert.InRange(persons.Count, Cases, Cases);
            var aliases = await db.Persons.CountAsync(p => p.Aliases != null);
            Share(1 / 12.0, aliases, "persons with an alias");
            var filterBytes = sp.Get<NameEncoder>().FilterBytes;
            Assert.Equal(aliases, await db.Persons.CountAsync(p => p.NameEncoding!.Length == 2 * filterBytes));
            var byCase = cases.ToDictionary(c => c.Id);
            var referrals = await db.Referrals.AsNoTracking().ToListAsync();
            var consents = await db.Consents.AsNoTracking().ToListAsync();
            var consentsOf = consents.ToLookup(k => k.PersonId);
            var services = await db.Services.AsNoTracking().ToListAsync();
            var referralsOf = referrals.ToLookup(r => r.CaseId);

            // No referral acted on without the person's consent to it, recorded before it was made.
            foreach (var r in referrals.Where(r => r.State is ReferralState.Accepted or ReferralState.Completed))
            {
                var person = byCase[r.CaseId].PersonId;
                Assert.Contains(consentsOf[person], k => k.Purpose == ConsentPurpose.Referral && k.RecipientOrganisationId == r.ToOrganisationId && k.RecordedAt <= r.CreatedAt);
                if ((r.Parts & Referral.IdentifyingParts) != 0)
                {
                    Assert.Contains(consentsOf[person], k => k.Purpose == ConsentPurpose.SharingIdentifiableData && k.RecipientOrganisationId == r.ToOrganisationId && k.RecordedAt <= r.CreatedAt);
                }

                Assert.True(r.DecidedAt >= r.CreatedAt, "a referral decided before it was made");
            }

            var broken = new List<string>();
            foreach (var s in services)
            {
                var c = byCase[s.CaseId];
                if (s.StartDate < c.IdentificationDate) broken.Add("service before identification");
                if (s.EndDate < s.StartDate) broken.Add("service ending before it started");
                if (s.ProviderOrganisationId != c.OrganisationId)
                {
                    // A partner provides only under a referral it accepted, and not before it accepted it.
                    var r = referralsOf[s.CaseId].SingleOrDefault(x => x.ToOrganisationId == s.ProviderOrganisationId && x.State is ReferralState.Accepted or ReferralState.Completed);
                    if (r is null) broken.Add("service by a partner without an accepted referral");
                    else if (s.StartDate < DateOnly.FromDateTime(r.CreatedAt)) broken.Add("partner's service before the referral was made");
                    else if (r.State == ReferralState.Accepted && s.StartDate < DateOnly.FromDateTime(r.DecidedAt!.Value)) broken.Add("partner's service before it accepted the referral");
                    else if (r.State == ReferralState.Completed && (s.EndDate is null || s.EndDate > DateOnly.FromDateTime(r.DecidedAt!.Value))) broken.Add("partner's service after the referral was completed");
                }

                if (c.ClosedAt is { } closed && (s.Status == ServiceStatus.InProgress || s.EndDate > DateOnly.FromDateTime(closed)))
                {
                    broken.Add("service running after the case was closed");
                }
            }

            foreach (var c in cases.Where(c => c.Status is CaseStatus.Closed or CaseStatus.ClosedReferred))
            {
                if (string.IsNullOrWhiteSpace(c.ClosureReason)) broken.Add("closed without a reason");
                if (c.ClosedAt is not { } closed || DateOnly.FromDateTime(closed) < c.IdentificationDate || DateOnly.FromDateTime(closed) > today) broken.Add("closure date outside identification..today");
                if (c.Status == CaseStatus.ClosedReferred && !referralsOf[c.Id].Any(r => r.State is ReferralState.Accepted or ReferralState.Completed))
                {
                    broken.Add("closed as referred without a referral that was taken up");
                }
            }

            Assert.True(broken.Count == 0, string.Join("\n", broken.GroupBy(b => b).Select(g => $"{g.Count()} × {g.Key}")));
        });
    }
}
