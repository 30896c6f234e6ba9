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

    /// <summary>
    /// Marks the link used, as the first write of the caller's transaction, and returns false if another request
    /// used it since it was read (two submissions at once). <see cref="OneTimeLink.UsedAt"/> is a concurrency token,
    /// so the update only applies while the link is still unused (SaveChanges reports a miss as a
    /// <see cref="ConflictException"/>); the loser changes nothing and its tracker is
    /// cleared. Claiming before any other write means the loser never creates or changes an account.
    /// </summary>
    public static async Task<bool> ClaimAsync(this PalermoDbContext db, OneTimeLink link, CancellationToken ct = default)
    {
        link.Use(db.UtcNow);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (ConflictException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Ends every still-usable link of the account (saved with the caller's next SaveChanges).</summary>
    public static async Task RevokeUsableAsync(this PalermoDbContext db, Guid userId, CancellationToken ct = default)
    {
        var now = db.UtcNow;
        await foreach (var link in db.OneTimeLinks.Where(l => l.UserId == userId && l.UsedAt == null).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (link.IsUsable(now)) link.Use(now);
        }
    }
}
