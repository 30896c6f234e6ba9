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

    /// <summary>
    /// The version an "End now" or "Revoke" is checked against. A running grant changes only by the data protection
    /// officers' reviews (ending and revoking stop it), and a review does not bear on ending it: a form opened before a
    /// review still ends the grant, instead of a 409 that would keep it running. A version the grant never had (newer
    /// than its own) is still a conflict, and a grant no longer running is refused by its own state ("already ended").
    /// </summary>
    public static long VersionToCheck(EmergencyGrant g, long posted, DateTime now)
    {
        // Versions start at 0; a negative one was never read from any grant, and must not pass as "older".
        if (posted < 0) throw new DomainException("version", "The version must be a whole number of 0 or more, as it was read.");
        return posted < g.Version && g.IsActive(now) ? g.Version : posted;
    }

    /// <summary>Grants involving the organisation, as owner of the case or as the accessor's organisation.</summary>
    public static IQueryable<EmergencyGrant> Involving(PalermoDbContext db, Guid org) =>
        db.EmergencyGrants.Where(g => g.OwnerOrganisationId == org || g.AccessorOrganisationId == org);

    /// <summary>Whether the actor is a data protection officer (reviews) of an organisation.</summary>
    public static bool Reviews(Actor actor) => actor.Has(Permission.ViewAuditLog) && actor.OrganisationId is not null;
}
