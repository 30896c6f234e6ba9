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
    public async Task<string> HandleAsync(Guid userId, bool resetMfa, Actor actor, CancellationToken ct = default)
    {
        var all = actor.Has(Permission.ManageAllAccounts);
        if (!all && !actor.Has(Permission.ManageOrganisationAccounts)) throw new NotFoundException();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && (all || u.OrganisationId == actor.OrganisationId), ct)
            ?? throw new NotFoundException();
        var now = db.UtcNow;
        // Earlier links stop working: only the newest one is valid.
        await foreach (var old in db.OneTimeLinks.Where(l => l.UserId == userId && l.UsedAt == null).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (old.IsUsable(now)) old.Use(now);
        }

        var (link, token) = OneTimeLink.Create(OneTimeLinkPurpose.SetPassword, user.Id, now, IdentityDefaults.SignInLinkLifetime);
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
