using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Consent;

/// <summary>How many active referrals a consent withdrawal ended, and how many stopped showing identity and contacts.</summary>
public sealed record ConsentWithdrawal(int ReferralsWithdrawn, int ReferralsIdentityWithheld);

/// <summary>
/// Withdrawal takes effect at once, in the same transaction, for active (pending or accepted) referrals of the
/// person's cases to the consent's recipient that relied on it — unless another active consent of the same purpose
/// for that recipient still covers them:
/// - a referral consent: those referrals are withdrawn, so the receiving organisation loses access immediately;
/// - a consent to share identifiable data: those referrals stop sharing identity and contacts. The person still
///   consents to the referral itself, so it goes on for its services and case facts; withdrawing it would end
///   assistance the person did not refuse.
/// Referrals made under a consent override did not rely on consent and are left as they are.
/// </summary>
public sealed class WithdrawConsent(PalermoDbContext db)
{
    public async Task<ConsentWithdrawal> HandleAsync(Guid consentId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == consentId && c.OrganisationId == org, ct) ?? throw new NotFoundException();
        var now = db.UtcNow;
        consent.Withdraw(actor.UserId, now);
        db.Audit(AuditEvent.ConsentWithdrawn, actor, nameof(ConsentRecord), consent.Id, consent.Purpose.ToString());
        int withdrawn = 0, withheld = 0;
        if (consent.Purpose is ConsentPurpose.Referral or ConsentPurpose.SharingIdentifiableData && !await StillCoveredAsync(consent, ct))
        {
            var caseIds = db.Cases.Where(c => c.PersonId == consent.PersonId).Select(c => c.Id);
            var referrals = await db.Referrals.Where(r => caseIds.Contains(r.CaseId) && r.ToOrganisationId == consent.RecipientOrganisationId
                && (r.State == ReferralState.Pending || r.State == ReferralState.Accepted) && !r.ConsentOverridden).ToListAsync(ct);
            foreach (var r in referrals)
            {
                if (consent.Purpose == ConsentPurpose.Referral)
                {
                    r.Withdraw("consent withdrawn", now);
                    db.Audit(AuditEvent.ReferralWithdrawn, actor, nameof(Referral), r.Id, "consent withdrawn");
                    withdrawn++;
                }
                else if (r.WithholdIdentifyingData())
                {
                    db.Audit(AuditEvent.ReferralIdentityWithheld, actor, nameof(Referral), r.Id, "sharing consent withdrawn");
                    withheld++;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return new ConsentWithdrawal(withdrawn, withheld);
    }

    /// <summary>Whether another active consent of the same person, purpose and recipient remains.</summary>
    private Task<bool> StillCoveredAsync(ConsentRecord consent, CancellationToken ct) =>
        db.Consents.AnyAsync(c => c.Id != consent.Id && c.PersonId == consent.PersonId && c.Purpose == consent.Purpose
            && c.RecipientOrganisationId == consent.RecipientOrganisationId && c.WithdrawnAt == null, ct);
}
