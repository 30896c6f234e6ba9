using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Referrals;

/// <summary>
/// The second half of the two-person rule: the case supervisor named in a consent override request approves it (the
/// referral becomes pending and the receiver may accept it) or refuses it with a reason (the referral is withdrawn).
/// Only that supervisor may; the requester never can. Referrals of other organisations are out of scope (404).
/// <paramref name="version"/>, when given, is the referral's version the decision was made on; a newer one is a conflict.
/// </summary>
public sealed class ApproveConsentOverride(PalermoDbContext db)
{
    public async Task<Referral> HandleAsync(Guid referralId, bool? approve, string? reason, Actor actor, long? version = null, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.OverrideConsent) || actor.OrganisationId is not { } org || actor.UserId is not { } me) throw new NotFoundException();
        var r = await db.Referrals.SingleOrDefaultAsync(x => x.Id == referralId && x.FromOrganisationId == org && x.ConsentOverridden, ct)
            ?? throw new NotFoundException();
        if (version is { } v) db.Entry(r).Property(x => x.Version).OriginalValue = v;
        var now = db.UtcNow;
        Referral.CheckReason(reason);
        switch (approve)
        {
            case true:
                r.ApproveConsentOverride(me, now);
                db.Audit(AuditEvent.ConsentOverrideApproved, actor, nameof(Referral), r.Id, "consent override");
                break;
            case false:
                r.RefuseConsentOverride(me, reason, now);
                db.Audit(AuditEvent.ConsentOverrideRefused, actor, nameof(Referral), r.Id, "consent override");
                break;
            default:
                throw new DomainException("approve", "Say whether you approve the override.");
        }

        await db.SaveChangesAsync(ct);
        return r;
    }
}
