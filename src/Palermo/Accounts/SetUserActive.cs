using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>
/// Deactivates an account (someone leaves, or their account is misused) or reactivates it. Deactivation takes effect
/// at once: every session of the account ends at its next request (a new security stamp), its unused one-time links
/// stop working, and sign-in answers as for an unknown address. Nothing is deleted: the account's audit trail,
/// assignments and records stay, and reactivation restores the same password and authenticator.
/// </summary>
public sealed class SetUserActive(PalermoDbContext db)
{
    public async Task HandleAsync(Guid userId, bool active, Actor actor, CancellationToken ct = default)
    {
        var user = await db.FindManagedAsync(userId, actor, ct);
        await ApplyAsync(user, active, actor, ct);
    }

    /// <summary>The CLI's form: the account named by its address (a system administrator's break-glass).</summary>
    public async Task HandleByEmailAsync(string? email, bool active, CancellationToken ct = default)
    {
        var user = await db.FindByEmailForCliAsync(email, ct);
        await ApplyAsync(user, active, Actor.Cli, ct);
    }

    private async Task ApplyAsync(PalermoUser user, bool active, Actor actor, CancellationToken ct)
    {
        // Without this rule the last administrator could lock everyone out of account management.
        if (!active && user.Id == actor.UserId) throw new DomainException("user", "You cannot deactivate your own account; ask another administrator.");
        if (user.IsActive == active) throw new DomainException("user", active ? "This account is already active." : "This account is already deactivated.");

        user.IsActive = active;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        if (!active)
        {
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.RevokeUsableAsync(user.Id, ct);
        }

        db.Audit(active ? AuditEvent.UserReactivated : AuditEvent.UserDeactivated, actor, "User", user.Id);
        await db.SaveChangesAsync(ct);
    }
}
