using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Accounts;

public sealed record UserSummary(Guid Id, string Email, Guid? OrganisationId, string? OrganisationName, IReadOnlyList<Role> Roles, bool MfaEnrolled, bool LockedOut, bool IsActive);

/// <summary>
/// Staff accounts the actor administers: all of them for a system administrator, their own organisation's otherwise;
/// at most <see cref="Limit"/>, by address, optionally only those whose address contains <c>email</c> (any case).
/// </summary>
public sealed class ListUsers(PalermoDbContext db)
{
    public const int Limit = 1000;

    public async Task<IReadOnlyList<UserSummary>> HandleAsync(Actor actor, string? email = null, CancellationToken ct = default)
    {
        var all = actor.Has(Permission.ManageAllAccounts);
        if (!all && !actor.Has(Permission.ManageOrganisationAccounts)) throw new NotFoundException();
        var part = email?.Trim().ToUpperInvariant() ?? "";
        if (part.Length > PalermoUser.EmailMaxLength) throw new DomainException("email", $"Search with at most {PalermoUser.EmailMaxLength} characters of an address.");
        var now = db.UtcNow;
        var users = await db.Users.AsNoTracking()
            .Where(u => all || u.OrganisationId == actor.OrganisationId)
            .Where(u => part.Length == 0 || u.NormalizedEmail!.Contains(part))
            .OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Id, u.Email, u.OrganisationId, u.TwoFactorEnabled, u.LockoutEnd, u.IsActive,
                Org = db.Organisations.Where(o => o.Id == u.OrganisationId).Select(o => o.Name).FirstOrDefault(),
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).ToList(),
            })
            .Take(Limit)
            .ToListAsync(ct);
        return users.Select(u => new UserSummary(u.Id, u.Email ?? "", u.OrganisationId, u.Org,
            u.Roles.Select(r => PalermoRole.RoleOf(r)).Order().ToList(),
            u.TwoFactorEnabled, u.LockoutEnd is { } end && end.UtcDateTime > now, u.IsActive)).ToList();
    }
}
