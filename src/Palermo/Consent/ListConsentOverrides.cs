using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Consent;

/// <summary>
/// One consent override as the data protection officer sees it: the case reference, never the person.
/// <c>Approver</c> is the supervisor the requester named; <c>ApprovedBy</c>/<c>ApprovedAt</c> are set only once that
/// supervisor approved it themselves, <c>RefusedAt</c> when they refused.
/// </summary>
public sealed record ConsentOverrideLine(
    Guid ReferralId, string CaseReference, DateTime At, string? RequestedBy, string? ApprovedBy, string ToOrganisation,
    string Services, string? Reason, string State, string? Approver, DateTime? ApprovedAt, DateTime? RefusedAt);

/// <summary>
/// The data protection officer's oversight list: every referral of the officer's organisation made without the
/// person's consent, with who asked, whom they named to approve, whether and when that supervisor approved or refused, for what and why — and nothing about the person. Opening
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
                          join a in db.Users on r.OverrideApproverId equals a.Id into ap
                          from a in ap.DefaultIfEmpty()
                          orderby r.CreatedAt descending
                          select new
                          {
                              r.Id, c.Reference, r.CreatedAt, RequestedBy = u == null ? null : u.Email, Approver = a == null ? null : a.Email,
                              To = o.Name, r.Services, r.OverrideReason, r.State, r.OverrideApprovedAt, r.OverrideRefusedAt,
                          }).Take(Limit).ToListAsync(ct);
        // Named is not approved: "approved by" only once the named supervisor acted.
        var lines = rows.Select(r => new ConsentOverrideLine(r.Id, r.Reference, r.CreatedAt, r.RequestedBy,
            r.OverrideApprovedAt is null ? null : r.Approver, r.To, r.Services, r.OverrideReason, r.State.ToString(), r.Approver,
            r.OverrideApprovedAt, r.OverrideRefusedAt)).ToList();
        db.Audit(AuditEvent.ConsentOverridesListed, actor, "Referral", lines.Count, "consent override oversight");
        await db.SaveChangesAsync(ct);
        return lines;
    }
}
