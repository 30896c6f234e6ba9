using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.EmergencyAccess;

/// <summary>
/// How many grants involving the organisation its data protection officer has not reviewed yet: the number in the
/// header's "Emergency access (n)", so a new one is noticed on the next page. Two index seeks; 0 for anyone else.
/// </summary>
public sealed class CountUnreviewedEmergencyAccess(PalermoDbContext db)
{
    public async Task<int> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!EmergencyGrants.Reviews(actor)) return 0;
        var org = actor.OrganisationId!.Value;
        return await db.EmergencyGrants.CountAsync(g => g.OwnerOrganisationId == org && g.OwnerReviewedAt == null, ct)
            + await db.EmergencyGrants.CountAsync(g => g.AccessorOrganisationId == org && g.AccessorReviewedAt == null && g.OwnerOrganisationId != org, ct);
    }
}
