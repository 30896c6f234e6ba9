using Microsoft.EntityFrameworkCore;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>
/// While no account exists, start-up issues a one-time link (valid one hour) that creates the first system
/// administrator. There is never a default password.
/// </summary>
public sealed class SetupLink(PalermoDbContext db)
{
    public async Task<string?> HandleAsync(CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct)) return null;
        var now = db.UtcNow;
        var (link, token) = OneTimeLink.Create(OneTimeLinkPurpose.Setup, null, now, IdentityDefaults.SetupLinkLifetime);
        db.OneTimeLinks.Add(link);
        db.Audit(AuditEvent.SetupLinkIssued, Actor.Cli, "OneTimeLink", link.Id);
        await db.SaveChangesAsync(ct);
        return token;
    }
}
