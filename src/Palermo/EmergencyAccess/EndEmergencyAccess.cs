using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.EmergencyAccess;

/// <summary>
/// The user ends their own running grant early ("End now"). Another user's grant: 404, as if there were none.
/// <paramref name="version"/> (required) is the version the decision was made on; a newer one is a conflict.
/// </summary>
public sealed class EndEmergencyAccess(PalermoDbContext db)
{
    public async Task HandleAsync(Guid grantId, Actor actor, long? version = null, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.BreakGlass) || actor.UserId is not { } user) throw new NotFoundException();
        var g = await db.EmergencyGrants.SingleOrDefaultAsync(x => x.Id == grantId && x.UserId == user, ct) ?? throw new NotFoundException();
        // Required, after the lookup: someone else's grant is 404 whatever the body says.
        db.Entry(g).Property(x => x.Version).OriginalValue = EmergencyGrants.VersionToCheck(g, Versions.Require(version), db.UtcNow);
        g.End(db.UtcNow);
        db.Audit(AuditEvent.EmergencyAccessEnded, actor, nameof(Case), g.CaseId, g.AuditPurpose);
        await db.SaveChangesAsync(ct);
    }
}
