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
        var supervisorRole = PalermoRole.IdOf(Role.CaseSupervisor);
        return await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == org && u.IsActive && u.Id != me && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == supervisorRole))
            .OrderBy(u => u.Email).Select(u => new OverrideApprover(u.Id, u.Email ?? "")).Take(200).ToListAsync(ct);
    }
}
