using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Referrals;

public sealed record ReferralSummary(Guid Id, Guid CaseId, string CaseReference, string From, string To, string Services, ReferralState State, DateTime CreatedAt, bool Incoming, long Version);

/// <summary>
/// The referral inbox (incoming) and outbox of the actor's organisation. References only, no names. A referral made
/// under a consent override reaches the receiver's inbox only once the named supervisor approved it.
/// </summary>
public sealed class ListReferrals(PalermoDbContext db)
{
    public async Task<IReadOnlyList<ReferralSummary>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageReferrals) || actor.OrganisationId is not { } org) throw new NotFoundException();
        return await db.Referrals.AsNoTracking().Where(r => r.FromOrganisationId == org
                || (r.ToOrganisationId == org && !(r.ConsentOverridden && r.OverrideApprovedAt == null)))
            .OrderByDescending(r => r.CreatedAt).Take(500)
            .Select(r => new ReferralSummary(r.Id, r.CaseId, db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.Reference).First(),
                db.Organisations.Where(o => o.Id == r.FromOrganisationId).Select(o => o.Name).First(),
                db.Organisations.Where(o => o.Id == r.ToOrganisationId).Select(o => o.Name).First(),
                r.Services, r.State, r.CreatedAt, r.ToOrganisationId == org, r.Version))
            .ToListAsync(ct);
    }
}
