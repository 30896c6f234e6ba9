using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Accounts;

public sealed record CreateUserRequest(string? Email, string? Organisation, IReadOnlyList<string>? Roles);

public sealed record CreatedUser(PalermoUser User, string SignInToken);

/// <summary>
/// Creates an account without a password; the person chooses one through the one-time link and then enrols MFA.
/// System administrators manage every account; organisation administrators only their own organisation's, and never
/// grant the system administrator role.
/// </summary>
public sealed class CreateUser(PalermoDbContext db)
{
    public async Task<CreatedUser> HandleAsync(CreateUserRequest request, Actor actor, CancellationToken ct = default)
    {
        var all = actor.Has(Permission.ManageAllAccounts);
        if (!all && !actor.Has(Permission.ManageOrganisationAccounts)) throw new NotFoundException();
        var email = EmailAddress.Validate(request.Email);
        var roles = ParseRoles(request.Roles);
        var org = await db.FindByIdOrNameAsync(request.Organisation, ct);
        if (org is null || (!all && org.Id != actor.OrganisationId))
        {
            throw new DomainException("organisation", "Unknown organisation.");
        }

        if (!all && roles.Contains(Role.SystemAdministrator))
        {
            throw new DomainException("roles", "Only a system administrator can grant the system administrator role.");
        }

        var normalised = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalised, ct))
        {
            throw new DomainException("email", "An account with this e-mail address already exists.");
        }

        var now = db.UtcNow;
        var user = new PalermoUser(email, org.Id, now) { NormalizedEmail = normalised, NormalizedUserName = normalised };
        db.Users.Add(user);
        foreach (var r in roles)
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = PalermoRole.IdOf(r) });
        }

        var (link, token) = OneTimeLink.Create(OneTimeLinkPurpose.SetPassword, user.Id, now, IdentityDefaults.SignInLinkLifetime);
        db.OneTimeLinks.Add(link);
        db.Audit(AuditEvent.UserCreated, actor, "User", user.Id);
        db.Audit(AuditEvent.SignInLinkIssued, actor, "User", user.Id);
        await db.SaveChangesAsync(ct);
        return new CreatedUser(user, token);
    }

    public static HashSet<Role> ParseRoles(IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0) throw new DomainException("roles", "At least one role is required.");
        var set = new HashSet<Role>();
        foreach (var text in roles)
        {
            if (!Enum.TryParse<Role>(text?.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(text, out _))
            {
                throw new DomainException("roles", $"Unknown role. Use one of: {string.Join(", ", Enum.GetNames<Role>())}.");
            }

            set.Add(role);
        }

        return set;
    }
}
