using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>
/// Replaces an account's roles (a promotion, a move to other work). The change applies at the account's next request
/// in every session (the row's concurrency stamp changes, so the session check rebuilds its claims), without signing
/// the person out. The same rules as at creation: at least one known role, and only a system administrator grants
/// or takes away the system administrator role.
/// </summary>
public sealed class ChangeUserRoles(PalermoDbContext db)
{
    /// <summary>Returns whether anything changed (the same roles again are no change and no audit entry).</summary>
    public async Task<bool> HandleAsync(Guid userId, IReadOnlyList<string>? roles, Actor actor, CancellationToken ct = default)
    {
        var user = await db.FindManagedAsync(userId, actor, ct);
        var wanted = CreateUser.ParseRoles(roles);
        // An administrator who removed their own administration role could not undo it.
        if (user.Id == actor.UserId) throw new DomainException("roles", "You cannot change your own roles; ask another administrator.");
        var rows = await db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync(ct);
        var current = rows.Select(r => PalermoRole.RoleOf(r.RoleId)).ToHashSet();
        if (!actor.Has(Permission.ManageAllAccounts) && (wanted.Contains(Role.SystemAdministrator) || current.Contains(Role.SystemAdministrator)))
        {
            throw new DomainException("roles", "Only a system administrator can grant or remove the system administrator role.");
        }

        // Every other role works within an organisation; an account without one (the first administrator) has no cases.
        if (user.OrganisationId is null && wanted.Any(r => r != Role.SystemAdministrator))
        {
            throw new DomainException("roles", "This account belongs to no organisation, so it can only be a system administrator.");
        }

        if (current.SetEquals(wanted)) return false;
        db.UserRoles.RemoveRange(rows);
        foreach (var r in wanted) db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = PalermoRole.IdOf(r) });
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        // Role names only: they describe the account's work, not the person.
        db.Audit(AuditEvent.UserRolesChanged, actor, "User", user.Id, string.Join(",", wanted.Order()));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
