using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>
/// The accounts an actor administers: every one for a system administrator, their own organisation's for an
/// organisation administrator. Anything else is "not found", so an administrator cannot learn of other
/// organisations' accounts by trying ids.
/// </summary>
public static class ManagedUsers
{
    public static async Task<PalermoUser> FindManagedAsync(this PalermoDbContext db, Guid userId, Actor actor, CancellationToken ct)
    {
        var all = actor.Has(Permission.ManageAllAccounts);
        if (!all && !actor.Has(Permission.ManageOrganisationAccounts)) throw new NotFoundException();
        return await db.Users.SingleOrDefaultAsync(u => u.Id == userId && (all || u.OrganisationId == actor.OrganisationId), ct)
            ?? throw new NotFoundException();
    }

    /// <summary>The accounts the CLI (a system administrator's break-glass) names by address.</summary>
    public static async Task<PalermoUser> FindByEmailForCliAsync(this PalermoDbContext db, string? email, CancellationToken ct)
    {
        var normalised = EmailAddress.Validate(email).ToUpperInvariant();
        return await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalised, ct)
            ?? throw new DomainException("email", "No account has this e-mail address.");
    }
}
