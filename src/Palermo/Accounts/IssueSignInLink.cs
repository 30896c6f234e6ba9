using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>
/// An administrator's one-time reset link (no e-mail is assumed: the administrator hands it over in person or by a
/// trusted channel). Using it sets a new password and, when asked, removes the authenticator so MFA is enrolled again.
/// </summary>
public sealed class IssueSignInLink(PalermoDbContext db)
{
    public async Task<string> HandleAsync(Guid userId, bool resetMfa, Actor actor, CancellationToken ct = default) =>
        await IssueAsync(await db.FindManagedAsync(userId, actor, ct), resetMfa, actor, ct);

    /// <summary>
    /// The CLI's form (`palermo users reset`): the account named by its address. The way back in for a system
    /// administrator who lost both their phone and their recovery codes, when no other administrator can help.
    /// </summary>
    public async Task<string> HandleByEmailAsync(string? email, bool resetMfa, CancellationToken ct = default) =>
        await IssueAsync(await db.FindByEmailForCliAsync(email, ct), resetMfa, Actor.Cli, ct);

    private async Task<string> IssueAsync(PalermoUser user, bool resetMfa, Actor actor, CancellationToken ct)
    {
        if (!user.IsActive)
        {
            throw new DomainException("user", "This account is deactivated. Reactivate it first; a link to a deactivated account would not work.");
        }

        // Earlier links stop working: only the newest one is valid.
        await db.RevokeUsableAsync(user.Id, ct);
        var (link, token) = OneTimeLink.Create(OneTimeLinkPurpose.SetPassword, user.Id, db.UtcNow, IdentityDefaults.SignInLinkLifetime);
        db.OneTimeLinks.Add(link);
        if (resetMfa)
        {
            user.TwoFactorEnabled = false;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            // The key and the recovery codes go too (Identity keeps both as tokens of its own store): a reset is for a
            // lost or stolen phone, whose authenticator must not keep working, and enrolment would otherwise show the
            // same key again. Enrolment makes a new key and new codes.
            db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == user.Id && t.LoginProvider == IdentityDefaults.StoreTokens).ToListAsync(ct));
            db.Audit(AuditEvent.MfaReset, actor, "User", user.Id);
        }

        db.Audit(AuditEvent.SignInLinkIssued, actor, "User", user.Id);
        await db.SaveChangesAsync(ct);
        return token;
    }
}
