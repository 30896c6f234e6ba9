using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.EmergencyAccess;

/// <summary>Queries shared by the emergency access use cases and the case page.</summary>
public static class EmergencyGrants
{
    /// <summary>
    /// The actor's own running grant to one case, or null. Asked only when one case is opened and the usual rule
    /// (owner, referral) did not let the actor in: the case list and search never ask, so they stay as fast as they were
    /// and never show a case reached this way.
    /// </summary>
    public static async Task<EmergencyGrant?> ActiveAsync(PalermoDbContext db, Guid caseId, Actor actor, CancellationToken ct)
    {
        if (!actor.Has(Permission.BreakGlass) || actor.UserId is not { } user || actor.OrganisationId is not { } org) return null;
        var now = db.UtcNow;
        return await db.EmergencyGrants.AsNoTracking()
            .Where(g => g.UserId == user && g.CaseId == caseId && g.AccessorOrganisationId == org && g.EndedAt == null && g.EndsAt > now)
            .OrderByDescending(g => g.EndsAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>Grants involving the organisation, as owner of the case or as the accessor's organisation.</summary>
    public static IQueryable<EmergencyGrant> Involving(PalermoDbContext db, Guid org) =>
        db.EmergencyGrants.Where(g => g.OwnerOrganisationId == org || g.AccessorOrganisationId == org);

    /// <summary>Whether the actor is a data protection officer (reviews) of an organisation.</summary>
    public static bool Reviews(Actor actor) => actor.Has(Permission.ViewAuditLog) && actor.OrganisationId is not null;
}
