using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Consent;

/// <summary>
/// Withdrawal takes effect at once: referrals that relied on this consent are withdrawn in the same transaction,
/// so the receiving organisation loses access immediately.
/// </summary>
public sealed class WithdrawConsent(PalermoDbContext db)
{
    public async Task<int> HandleAsync(Guid consentId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == consentId && c.OrganisationId == org, ct) ?? throw new NotFoundException();
        var now = db.UtcNow;
        consent.Withdraw(actor.UserId, now);
        db.Audit(AuditEvent.ConsentWithdrawn, actor, nameof(ConsentRecord), consent.Id, consent.Purpose.ToString());
        var affected = 0;
        if (consent.Purpose == ConsentPurpose.Referral)
        {
            var caseIds = db.Cases.Where(c => c.PersonId == consent.PersonId).Select(c => c.Id);
            var referrals = await db.Referrals.Where(r => caseIds.Contains(r.CaseId) && r.ToOrganisationId == consent.RecipientOrganisationId
                && (r.State == ReferralState.Pending || r.State == ReferralState.Accepted) && !r.ConsentOverridden).ToListAsync(ct);
            foreach (var r in referrals)
            {
                r.Withdraw("consent withdrawn", now);
                db.Audit(AuditEvent.ReferralWithdrawn, actor, nameof(Referral), r.Id, "consent withdrawn");
                affected++;
            }
        }

        await db.SaveChangesAsync(ct);
        return affected;
    }
}
