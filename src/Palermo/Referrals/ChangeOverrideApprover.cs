using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Referrals;

/// <summary>
/// Names another case supervisor to approve a consent override that still waits for approval, so that a request
/// whose approver was deactivated, lost the case supervisor role or is away does not wait forever. The requester may;
/// once the requester can no longer act themselves, any case supervisor of the organisation may (see
/// <see cref="Referral.ChangeOverrideApprover"/>). Holders of the override permission of the referring organisation
/// only; anyone else, and referrals of other organisations, are out of scope (404). <paramref name="version"/>, when
/// given, is the referral's version the choice was made on; a newer one is a conflict. Audited with the previous
/// approver's account id, so the data protection officer's list can show who was named before.
/// </summary>
public sealed class ChangeOverrideApprover(PalermoDbContext db)
{
    public const string PreviousApproverPrefix = "previous approver ";

    public async Task<Referral> HandleAsync(Guid referralId, Guid? approver, Actor actor, long? version = null, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.OverrideConsent) || actor.OrganisationId is not { } org || actor.UserId is not { } me) throw new NotFoundException();
        var r = await db.Referrals.SingleOrDefaultAsync(x => x.Id == referralId && x.FromOrganisationId == org && x.ConsentOverridden, ct)
            ?? throw new NotFoundException();
        if (version is { } v) db.Entry(r).Property(x => x.Version).OriginalValue = v;
        if (approver is not { } named) throw new DomainException("approvedBySupervisorId", "Name the case supervisor who is to approve the override.");

        var supervisors = ListOverrideApprovers.ActiveSupervisors(db, org);
        var requesterCanAct = r.CreatedByUserId is { } requester && await supervisors.AnyAsync(u => u.Id == requester, ct);
        var eligible = await supervisors.AnyAsync(u => u.Id == named, ct);
        var previous = r.OverrideApproverId;
        r.ChangeOverrideApprover(named, eligible, me, requesterCanAct);
        // Ids only: the audit detail never holds an address or a name.
        db.Audit(AuditEvent.ConsentOverrideApproverChanged, actor, nameof(Referral), r.Id, PreviousApproverPrefix + previous);
        await db.SaveChangesAsync(ct);
        return r;
    }
}
