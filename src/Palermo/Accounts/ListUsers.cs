using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Accounts;

public sealed record UserSummary(Guid Id, string Email, Guid? OrganisationId, string? OrganisationName, IReadOnlyList<Role> Roles, bool MfaEnrolled, bool LockedOut, bool IsActive);

/// <summary>Staff accounts the actor administers: all of them for a system administrator, their own organisation's otherwise.</summary>
public sealed class ListUsers(PalermoDbContext db)
{
    public async Task<IReadOnlyList<UserSummary>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        var all = actor.Has(Permission.ManageAllAccounts);
        if (!all && !actor.Has(Permission.ManageOrganisationAccounts)) throw new NotFoundException();
        var now = db.UtcNow;
        var users = await db.Users.AsNoTracking()
            .Where(u => all || u.OrganisationId == actor.OrganisationId)
            .OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id, u.Email, u.OrganisationId, u.TwoFactorEnabled, u.LockoutEnd, u.IsActive,
                Org = db.Organisations.Where(o => o.Id == u.OrganisationId).Select(o => o.Name).FirstOrDefault(),
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).ToList(),
            })
            .Take(1000)
            .ToListAsync(ct);
        return users.Select(u => new UserSummary(u.Id, u.Email ?? "", u.OrganisationId, u.Org,
            u.Roles.Select(r => PalermoRole.RoleOf(r)).Order().ToList(),
            u.TwoFactorEnabled, u.LockoutEnd is { } end && end.UtcDateTime > now, u.IsActive)).ToList();
    }
}
