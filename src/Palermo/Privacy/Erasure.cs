using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Privacy;

/// <summary>
/// What erasure does besides destroying the data key. Crypto-shredding covers every sealed field, but a few columns
/// are readable free text (a closure reason, a service outcome, a referral's decline, withdrawal or override reason,
/// the outside organisation that referred the case) because lists, exports and oversight read them without the
/// person's key — and case workers type names into them. They are replaced by <see cref="Marker"/> for every case of
/// the person, in the transaction that shreds the key (docs/cases.md, "Data subject rights and retention").
/// </summary>
public static class Erasure
{
    /// <summary>What an erased free-text field reads afterwards: says that something was there, not what.</summary>
    public const string Marker = "[erased]";

    /// <summary>The prefix of an erased case's external id (<see cref="ExternalIdPseudonyms"/>).</summary>
    public const string ExternalIdPrefix = "erased:";

    /// <summary>
    /// The keyed pseudonym an erased case's external id is replaced with: "erased:" and the HMAC-SHA256 (a key derived
    /// from the blind-index key) of the id. Unreadable without the key file, yet a re-import of the old source file
    /// computes the same value and skips the row instead of re-creating the erased person.
    /// </summary>
    public static Func<string, string> ExternalIdPseudonyms(BlindIndex index)
    {
        var key = index.DeriveKey("erased-external-id");
        return id => ExternalIdPrefix + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id.Trim())));
    }

    /// <summary>
    /// Replaces the readable free text of every case of the given (already erased, tracked) persons, and of those
    /// cases' services and referrals, through the entities' own methods; the caller saves, in the same transaction as
    /// the shredding. Versions of the changed rows go up, so a form opened before the erasure gets a conflict.
    /// </summary>
    /// <returns>The number of cases of those persons.</returns>
    public static async Task<int> RedactAsync(PalermoDbContext db, BlindIndex index, IReadOnlyCollection<Guid> personIds, DateTime now, CancellationToken ct)
    {
        if (personIds.Count == 0) return 0;
        var pseudonym = ExternalIdPseudonyms(index);
        var cases = await db.Cases.Where(c => personIds.Contains(c.PersonId)).ToListAsync(ct);
        foreach (var c in cases) c.RedactAfterErasure(c.ExternalId is { } id && !id.StartsWith(ExternalIdPrefix, StringComparison.Ordinal) ? pseudonym(id) : c.ExternalId, now);
        var caseIds = cases.Select(c => c.Id).ToList();
        foreach (var s in await db.Services.Where(s => caseIds.Contains(s.CaseId) && s.Outcome != null).ToListAsync(ct)) s.RedactAfterErasure();
        foreach (var r in await db.Referrals.Where(r => caseIds.Contains(r.CaseId) && (r.Reason != null || r.OverrideReason != null)).ToListAsync(ct)) r.RedactAfterErasure();
        return cases.Count;
    }
}
