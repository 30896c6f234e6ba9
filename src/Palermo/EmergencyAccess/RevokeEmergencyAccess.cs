using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.EmergencyAccess;

/// <summary>
/// The owner organisation's data protection officer or a case supervisor ends someone's grant to its case at once.
/// Anyone else, including the accessor's own organisation: 404. A stale <paramref name="version"/> is a conflict.
/// </summary>
public sealed class RevokeEmergencyAccess(PalermoDbContext db)
{
    public async Task HandleAsync(Guid grantId, Actor actor, long? version = null, CancellationToken ct = default)
    {
        if (!(actor.Has(Permission.ViewAuditLog) || actor.Has(Permission.SuperviseCases)) || actor.UserId is not { } user || actor.OrganisationId is not { } org)
            throw new NotFoundException();
        var g = await db.EmergencyGrants.SingleOrDefaultAsync(x => x.Id == grantId && x.OwnerOrganisationId == org, ct) ?? throw new NotFoundException();
        // Required, after the lookup: someone else's grant is 404 whatever the body says.
        db.Entry(g).Property(x => x.Version).OriginalValue = EmergencyGrants.VersionToCheck(g, Versions.Require(version), db.UtcNow);
        g.Revoke(user, db.UtcNow);
        db.Audit(AuditEvent.EmergencyAccessRevoked, actor, nameof(Case), g.CaseId, g.AuditPurpose);
        await db.SaveChangesAsync(ct);
    }
}
