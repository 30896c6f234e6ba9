using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Referrals;

public sealed record OverrideApprover(Guid Id, string Email);

/// <summary>
/// Whom a supervisor may name to approve their consent override: the other active case supervisors of their
/// organisation. Empty for anyone without the override permission.
/// </summary>
public sealed class ListOverrideApprovers(PalermoDbContext db)
{
    public async Task<IReadOnlyList<OverrideApprover>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.OverrideConsent) || actor.OrganisationId is not { } org) return [];
        var me = actor.UserId;
        return await ActiveSupervisors(db, org).AsNoTracking().Where(u => u.Id != me)
            .OrderBy(u => u.Email).Select(u => new OverrideApprover(u.Id, u.Email ?? "")).Take(200).ToListAsync(ct);
    }

    /// <summary>
    /// Who can approve an override of the organisation now: its active accounts with the case supervisor role. One
    /// definition for naming an approver, re-addressing a request, and telling that a named one can no longer act.
    /// </summary>
    public static IQueryable<PalermoUser> ActiveSupervisors(PalermoDbContext db, Guid org)
    {
        var supervisorRole = PalermoRole.IdOf(Role.CaseSupervisor);
        return db.Users.Where(u => u.OrganisationId == org && u.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == supervisorRole));
    }
}
