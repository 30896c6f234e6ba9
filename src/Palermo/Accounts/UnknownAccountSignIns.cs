using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Palermo.Accounts;

/// <summary>
/// Makes a sign-in with an e-mail address that has no (active) account look like one that has: the same
/// "locked for 15 minutes" answer after the same number of failures, and about the same time spent per attempt.
/// Without it, five wrong passwords tell an outsider whether an officer's address is registered (only a real account
/// locks), and so does the time an answer takes (only a real account's password hash is computed).
/// </summary>
/// <remarks>
/// Kept in this process's memory, keyed by a hash of the address under a key made at start, so the addresses
/// themselves are never held. A server restart forgets these counts (an attacker gains five more guesses at an
/// address that does not exist). With several servers, each counts on its own; the sign-in rate limit still bounds
/// how many attempts one address on the network can make.
/// </remarks>
public sealed class UnknownAccountSignIns(TimeProvider time, IOptions<PasswordHasherOptions> hashing, int maxTracked = UnknownAccountSignIns.DefaultMaxTracked)
{
    /// <summary>Beyond this many tracked addresses, old entries are dropped first; a flood cannot grow memory without bound.</summary>
    public const int DefaultMaxTracked = 50_000;

    // Identity registers its hasher per request; this one has the same settings, so the same cost per check.
    private readonly PasswordHasher<PalermoUser> _hasher = new(hashing);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private string? _decoyHash;
    private static readonly PalermoUser Decoy = new() { UserName = "decoy", Email = "decoy@invalid" };

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset LastSeen);

    /// <summary>Whether attempts with this address are answered "locked" now, as a real account would be.</summary>
    public bool IsLockedOut(string email)
    {
        var now = time.GetUtcNow();
        return _entries.TryGetValue(KeyOf(email), out var e) && e.LockedUntil > now;
    }

    /// <summary>
    /// Records a failed attempt with an address that has no active account, after spending the time a password check
    /// takes. Returns whether this attempt locked it, as Identity locks a real account on its last allowed failure.
    /// </summary>
    public bool Fail(string email, string password)
    {
        // The result is ignored: what matters is that the same PBKDF2 work is done as for a real account.
        _decoyHash ??= _hasher.HashPassword(Decoy, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        _ = _hasher.VerifyHashedPassword(Decoy, _decoyHash, password);
        var now = time.GetUtcNow();
        var key = KeyOf(email);
        if (_entries.Count >= maxTracked && !_entries.ContainsKey(key)) Prune(now);

        var entry = _entries.AddOrUpdate(
            key,
            _ => Next(new Entry(0, null, now), now),
            (_, e) => Next(e, now));
        return entry.LockedUntil > now;
    }

    // Identity's own rule: a lock that has run out starts a new count; the last allowed failure locks and resets it.
    private static Entry Next(Entry e, DateTimeOffset now)
    {
        var lockEnded = e.LockedUntil <= now; // false while unlocked (null)
        var failures = (lockEnded ? 0 : e.Failures) + 1;
        return failures >= IdentityDefaults.MaxFailedSignIns
            ? new Entry(0, now + IdentityDefaults.LockoutDuration, now)
            : new Entry(failures, lockEnded ? null : e.LockedUntil, now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, e) in _entries)
        {
            if (e.LockedUntil is { } until ? until <= now : now - e.LastSeen > IdentityDefaults.LockoutDuration) _entries.TryRemove(key, out _);
        }

        // Still full (a flood within fifteen minutes): the oldest half goes, so new addresses are still counted.
        if (_entries.Count < maxTracked) return;
        foreach (var (key, _) in _entries.OrderBy(p => p.Value.LastSeen).Take(_entries.Count / 2).ToList()) _entries.TryRemove(key, out _);
    }

    private string KeyOf(string email) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));
}
