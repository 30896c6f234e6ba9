using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Cases;

/// <summary>
/// The access rule for cases, written into the query itself: the owner organisation's staff with ReadCases, or the
/// staff of an organisation holding an accepted, unexpired referral. Everything else is invisible (404).
/// </summary>
public static class CaseAccess
{
    public static IQueryable<Case> VisibleTo(this IQueryable<Case> cases, PalermoDbContext db, Actor actor)
    {
        if (!actor.Has(Permission.ReadCases) || actor.OrganisationId is not { } org) return cases.Where(_ => false);
        // "Id IN (subquery)" rather than a correlated EXISTS: both sides of the OR can then use an index.
        var referred = GrantingAccess(db, org).Select(r => r.CaseId);
        return cases.Where(c => c.OrganisationId == org || referred.Contains(c.Id));
    }

    /// <summary>The referrals that let <paramref name="org"/> see a case now: accepted and not past their end of access.</summary>
    public static IQueryable<Referral> GrantingAccess(PalermoDbContext db, Guid org)
    {
        var now = db.UtcNow;
        return db.Referrals.Where(r => r.ToOrganisationId == org && r.State == ReferralState.Accepted && (r.ValidUntil == null || r.ValidUntil > now));
    }

    /// <summary>What the actor may see of a visible case: everything for the owner, the referral's parts otherwise.</summary>
    public static SharedParts PartsFor(this Case c, Actor actor, IEnumerable<Referral> referrals, DateTime now)
    {
        if (c.OrganisationId == actor.OrganisationId) return SharedParts.Identity | SharedParts.Contacts | SharedParts.CaseDetails | SharedParts.Services;
        return referrals.Where(r => r.CaseId == c.Id && r.ToOrganisationId == actor.OrganisationId && r.GrantsAccess(now))
            .Aggregate(SharedParts.None, (acc, r) => acc | r.Parts);
    }

    /// <summary>
    /// Loads a visible case with its person's data key and what the actor may see of it; 404 when out of reach.
    /// Notes, attachments and support plans describe the person, so they follow the Identity part of a referral.
    /// </summary>
    public static async Task<(Case Case, SharedParts Parts)> OpenAsync(PalermoDbContext db, Guid caseId, Actor actor, CancellationToken ct)
    {
        var c = await db.Cases.VisibleTo(db, actor).Include(x => x.Person).ThenInclude(p => p.DataKey)
            .SingleOrDefaultAsync(x => x.Id == caseId, ct) ?? throw new NotFoundException();
        var referrals = c.OrganisationId == actor.OrganisationId ? [] : await db.Referrals.Where(r => r.CaseId == c.Id).ToListAsync(ct);
        return (c, c.PartsFor(actor, referrals, db.UtcNow));
    }

    /// <summary>Whether the actor may see the sealed records about the person (notes, attachments, support plans).</summary>
    public static bool SeesPerson(this SharedParts parts, Case c) => parts.HasFlag(SharedParts.Identity) && !c.Person.IsErased;
}
