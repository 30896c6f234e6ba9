using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Referrals;

/// <summary>A consent override waiting for the actor's approval: enough to decide, the case by reference only.</summary>
public sealed record OverrideApprovalRequest(Guid Id, Guid CaseId, string CaseReference, string To, string Services, string Parts,
    string? RequestedBy, string? Reason, DateTime RequestedAt, long Version);

/// <summary>The consent overrides that name the actor as approver and still wait for them, oldest first.</summary>
public sealed class ListOverrideApprovals(PalermoDbContext db)
{
    public async Task<IReadOnlyList<OverrideApprovalRequest>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.OverrideConsent) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var me = actor.UserId;
        var rows = await db.Referrals.AsNoTracking()
            .Where(r => r.FromOrganisationId == org && r.OverrideApproverId == me && r.State == ReferralState.AwaitingOverrideApproval)
            .OrderBy(r => r.CreatedAt).Take(200)
            .Select(r => new
            {
                r.Id, r.CaseId, Reference = db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.Reference).First(),
                To = db.Organisations.Where(o => o.Id == r.ToOrganisationId).Select(o => o.Name).First(),
                r.Services, r.Parts, RequestedBy = db.Users.Where(u => u.Id == r.CreatedByUserId).Select(u => u.Email).FirstOrDefault(),
                r.OverrideReason, r.CreatedAt, r.Version,
            }).ToListAsync(ct);
        return rows.Select(r => new OverrideApprovalRequest(r.Id, r.CaseId, r.Reference, r.To, r.Services, r.Parts.ToString(), r.RequestedBy,
            r.OverrideReason, r.CreatedAt, r.Version)).ToList();
    }
}
