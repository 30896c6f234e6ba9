using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Referrals;

public sealed record ReferralSummary(Guid Id, Guid CaseId, string CaseReference, string From, string To, string Services, ReferralState State, DateTime CreatedAt, bool Incoming, long Version,
    SharedParts Parts, DateTime? ValidUntil);

/// <summary>
/// The referral inbox (incoming) and outbox of the actor's organisation. References only, no names. A referral made
/// under a consent override reaches the receiver's inbox only once the named supervisor approved it.
/// </summary>
public sealed class ListReferrals(PalermoDbContext db)
{
    public const int Recent = 500;

    public async Task<IReadOnlyList<ReferralSummary>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageReferrals) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var visible = db.Referrals.AsNoTracking().Where(r => r.FromOrganisationId == org
            || (r.ToOrganisationId == org && !(r.ConsentOverridden && r.OverrideApprovedAt == null)));
        // The newest few hundred, and every incoming referral still waiting for a decision however old: a busy
        // receiver must never lose one that needs an answer below the fold.
        var recent = visible.OrderByDescending(r => r.CreatedAt).Take(Recent).Select(r => r.Id);
        var waiting = visible.Where(r => r.ToOrganisationId == org && r.State == ReferralState.Pending).Select(r => r.Id);
        var ids = (await recent.ToListAsync(ct)).Union(await waiting.ToListAsync(ct)).ToList();
        return await db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id))
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new ReferralSummary(r.Id, r.CaseId, db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.Reference).First(),
                db.Organisations.Where(o => o.Id == r.FromOrganisationId).Select(o => o.Name).First(),
                db.Organisations.Where(o => o.Id == r.ToOrganisationId).Select(o => o.Name).First(),
                r.Services, r.State, r.CreatedAt, r.ToOrganisationId == org, r.Version, r.Parts, r.ValidUntil))
            .ToListAsync(ct);
    }
}
