using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Accounts;

public static class OneTimeLinks
{
    /// <summary>The usable link for a token, or null: an unknown, used and expired link all look the same.</summary>
    public static async Task<OneTimeLink?> FindUsableAsync(this PalermoDbContext db, string? token, OneTimeLinkPurpose purpose, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return null;
        var hash = OneTimeLink.Hash(token);
        var link = await db.OneTimeLinks.SingleOrDefaultAsync(l => l.TokenHash == hash && l.Purpose == purpose, ct);
        return link is not null && link.IsUsable(db.UtcNow) ? link : null;
    }
}
