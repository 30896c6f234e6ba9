using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>
/// Sessions their user signed out of. Signing out deletes the cookie in that browser only; a copy taken before (a
/// shared computer's profile, malware, a proxy log) would still work until the idle limit, and kept busy, until the
/// absolute one. So the session's id is recorded, and the per-request session check refuses it
/// (<see cref="AccountStampReader"/>). Kept in Identity's token table (no table of its own): one row per signed-out
/// session, keyed by user, removed once no session that old can exist.
/// </summary>
public static class SignedOutSessions
{
    public const string Store = IdentityDefaults.PalermoTokens;
    private const string Prefix = "SignedOut:";

    public static string TokenName(string sessionId) => Prefix + sessionId;

    /// <summary>Adds the record (saved with the caller's next SaveChanges) and drops this user's expired ones.</summary>
    public static async Task RecordAsync(PalermoDbContext db, Guid userId, string sessionId, TimeSpan longestSession, CancellationToken ct = default)
    {
        var now = db.UtcNow;
        var old = await db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == Store && t.Name.StartsWith(Prefix)).ToListAsync(ct);
        foreach (var t in old)
        {
            if (t.Name == TokenName(sessionId)) return; // signed out twice (two tabs): recorded already
            if (!DateTime.TryParse(t.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var until) || until < now) db.UserTokens.Remove(t);
        }

        db.UserTokens.Add(new IdentityUserToken<Guid>
        {
            UserId = userId, LoginProvider = Store, Name = TokenName(sessionId),
            Value = (now + longestSession).ToString("O", CultureInfo.InvariantCulture),
        });
    }
}
