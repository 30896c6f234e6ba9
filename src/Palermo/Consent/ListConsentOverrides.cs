using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Consent;

/// <summary>One consent override as the data protection officer sees it: the case reference, never the person.</summary>
public sealed record ConsentOverrideLine(
    Guid ReferralId, string CaseReference, DateTime At, string? RequestedBy, string? ApprovedBy, string ToOrganisation,
    string Services, string? Reason, string State);

/// <summary>
/// The data protection officer's oversight list: every referral of the officer's organisation made without the
/// person's consent, with who asked, who approved, when, for what and why — and nothing about the person. Opening
/// the list is itself audited.
/// </summary>
public sealed class ListConsentOverrides(PalermoDbContext db)
{
    public const int Limit = 500;

    public async Task<IReadOnlyList<ConsentOverrideLine>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewAuditLog) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var rows = await (from r in db.Referrals.AsNoTracking().Where(r => r.FromOrganisationId == org && r.ConsentOverridden)
                          join c in db.Cases on r.CaseId equals c.Id
                          join o in db.Organisations on r.ToOrganisationId equals o.Id
                          join u in db.Users on r.CreatedByUserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          join a in db.Users on r.OverrideApprovedBy equals a.Id into ap
                          from a in ap.DefaultIfEmpty()
                          orderby r.CreatedAt descending
                          select new ConsentOverrideLine(r.Id, c.Reference, r.CreatedAt, u == null ? null : u.Email, a == null ? null : a.Email,
                              o.Name, r.Services, r.OverrideReason, r.State.ToString())).Take(Limit).ToListAsync(ct);
        db.Audit(AuditEvent.ConsentOverridesListed, actor, "Referral", rows.Count, "consent override oversight");
        await db.SaveChangesAsync(ct);
        return rows;
    }
}
