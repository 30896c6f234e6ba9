using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Accounts;

/// <summary>
/// Makes a sign-in with an e-mail address that has no (active) account look like one that has: the same
/// "locked for 15 minutes" answer after the same number of failures, and about the same time spent per attempt.
/// Without it, five wrong passwords tell an outsider whether an officer's address is registered (only a real account
/// locks), and so does the time an answer takes (only a real account's password hash is computed).
/// </summary>
/// <remarks>
/// The counts are rows of <see cref="UnknownSignIn"/> in the database every instance shares, so a restart forgets
/// nothing and five failures spread over several instances lock as five on one do. A row is keyed by an HMAC of the
/// address under a key derived from the blind-index key file (the same on every instance, which scale-out already
/// requires), never by the address. Times are the wall clock, as Identity's lockout reads it (not the app's
/// TimeProvider), so both kinds of lock end at the same moment.
/// </remarks>
/// <param name="wallClock">The clock lock ends are judged by: <see cref="TimeProvider.System"/> in the app.</param>
/// <param name="maxTracked">How many unlocked counts the purge keeps at most (the newest).</param>
/// <param name="purgeBatch">How many rows one purge statement deletes at most.</param>
public sealed class UnknownAccountSignIns(
    BlindIndex index, IOptions<PasswordHasherOptions> hashing, TimeProvider wallClock,
    int maxTracked = UnknownAccountSignIns.DefaultMaxTracked, int purgeBatch = UnknownAccountSignIns.DefaultPurgeBatch)
{
    /// <summary>
    /// Rows per purge statement: on SQLite a delete holds the database's write lock, and sign-ins write; 50,000 rows in
    /// one statement held it for 3.5 s on a busy machine, a thousand for about 0.1 s (docs/performance.md, session 19).
    /// </summary>
    public const int DefaultPurgeBatch = 1_000;

    /// <summary>Beyond this many counted addresses, the purge drops the oldest unlocked ones: addresses are the
    /// attacker's to choose, so the table must not grow with them.</summary>
    public const int DefaultMaxTracked = 100_000;

    /// <summary>
    /// A count of one to four failures is forgotten after this long without another failure: the price of a bounded
    /// table, paid by real accounts too (<see cref="PalermoUserManager"/>), so that waiting tells nothing either.
    /// </summary>
    public static readonly TimeSpan KeepCountsFor = TimeSpan.FromDays(30);

    // Identity registers its hasher per request; this one has the same settings, so the same cost per check.
    private readonly PasswordHasher<PalermoUser> _hasher = new(hashing);
    private readonly byte[] _key = index.DeriveKey("unknown-sign-in");
    private string? _decoyHash;
    private static readonly PalermoUser Decoy = new() { UserName = "decoy", Email = "decoy@invalid" };

    private DateTime Now => wallClock.GetUtcNow().UtcDateTime;

    /// <summary>Whether attempts with this address are answered "locked" now, as a real account would be.</summary>
    public Task<bool> IsLockedOutAsync(PalermoDbContext db, string email, CancellationToken ct = default)
    {
        var key = IndexOf(email);
        var now = Now;
        return db.Set<UnknownSignIn>().AnyAsync(s => s.AddressIndex == key && s.LockedUntil > now, ct);
    }

    /// <summary>
    /// Records a failed attempt with an address that has no active account, after spending the time a password check
    /// takes. Returns whether the address is locked now, as Identity locks a real account on its last allowed failure.
    /// </summary>
    public async Task<bool> FailAsync(PalermoDbContext db, string email, string password, CancellationToken ct = default)
    {
        // The result is ignored: what matters is that the same PBKDF2 work is done as for a real account.
        _decoyHash ??= _hasher.HashPassword(Decoy, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        _ = _hasher.VerifyHashedPassword(Decoy, _decoyHash, password);
        var key = IndexOf(email);
        var now = Now;
        var until = now + IdentityDefaults.LockoutDuration;
        var idleSince = now - KeepCountsFor;
        const int max = IdentityDefaults.MaxFailedSignIns;

        // Identity's rule in one statement, so that instances counting the same address at once lose no failure: while
        // locked nothing changes; the last allowed failure locks and resets the count. A lock that has run out left a
        // count of 0, so the next failure starts a new count, as does a count idle for KeepCountsFor that the purge has
        // not reached yet (a real account's count is forgotten alike). A first failure never locks (five are allowed).
        // The SET expressions read the row as it was (SQL's rule, on SQLite and PostgreSQL alike).
        var locked = await db.Database.SqlQuery<int>($"""
            INSERT INTO "UnknownSignIn" ("AddressIndex", "Failures", "LockedUntil", "LastFailure")
            VALUES ({key}, 1, NULL, {now})
            ON CONFLICT ("AddressIndex") DO UPDATE SET
                "Failures" = CASE WHEN "UnknownSignIn"."LockedUntil" > {now} THEN "UnknownSignIn"."Failures"
                    WHEN "UnknownSignIn"."LastFailure" <= {idleSince} THEN 1
                    WHEN "UnknownSignIn"."Failures" + 1 >= {max} THEN 0 ELSE "UnknownSignIn"."Failures" + 1 END,
                "LockedUntil" = CASE WHEN "UnknownSignIn"."LockedUntil" > {now} THEN "UnknownSignIn"."LockedUntil"
                    WHEN "UnknownSignIn"."LastFailure" <= {idleSince} THEN NULL
                    WHEN "UnknownSignIn"."Failures" + 1 >= {max} THEN {until} ELSE NULL END,
                "LastFailure" = CASE WHEN "UnknownSignIn"."LockedUntil" > {now} THEN "UnknownSignIn"."LastFailure" ELSE {now} END
            RETURNING CASE WHEN "LockedUntil" > {now} THEN 1 ELSE 0 END AS "Value"
            """).ToListAsync(ct);
        return locked.Single() == 1;
    }

    /// <summary>
    /// Deletes the rows that say nothing any more (a lock that has ended leaves a count of 0: as good as no row),
    /// counts idle for <see cref="KeepCountsFor"/>, and beyond <c>maxTracked</c> unlocked counts the oldest. Locked
    /// rows stay until their lock ends, so a flood of new addresses cannot unlock one. Returns the rows deleted.
    /// </summary>
    public async Task<int> PurgeAsync(PalermoDbContext db, CancellationToken ct = default)
    {
        var now = Now;
        var idleSince = now - KeepCountsFor;
        var rows = db.Set<UnknownSignIn>();
        Expression<Func<UnknownSignIn, bool>> unlocked = s => s.LockedUntil == null || s.LockedUntil <= now;
        var purged = await DeleteInBatchesAsync(rows.Where(unlocked).Where(s => s.Failures == 0 || s.LastFailure < idleSince), ct);

        // One index walk finds the newest failure beyond the limit; everything as old or older goes.
        var cut = await rows.Where(unlocked).OrderByDescending(s => s.LastFailure).Skip(maxTracked)
            .Select(s => (DateTime?)s.LastFailure).FirstOrDefaultAsync(ct);
        if (cut is { } c) purged += await DeleteInBatchesAsync(rows.Where(unlocked).Where(s => s.LastFailure <= c), ct);
        return purged;
    }

    private async Task<int> DeleteInBatchesAsync(IQueryable<UnknownSignIn> doomed, CancellationToken ct)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await doomed.OrderBy(s => s.LastFailure).Take(purgeBatch).ExecuteDeleteAsync(ct);
            total += deleted;
        }
        while (deleted == purgeBatch);
        return total;
    }

    // Normalised as Identity normalises the address it looks up (UpperInvariantLookupNormalizer), after the trim the
    // sign-in page applies.
    private string IndexOf(string email) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(email.Trim().Normalize().ToUpperInvariant())));
}
