using Microsoft.EntityFrameworkCore;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.Consent;

public static class ConsentQueries
{
    /// <summary>Whether an active consent covers this purpose (and recipient, where the purpose names one).</summary>
    public static Task<bool> HasConsentAsync(this PalermoDbContext db, Guid personId, ConsentPurpose purpose, Guid? recipient, CancellationToken ct = default) =>
        db.Set<ConsentRecord>().AnyAsync(c => c.PersonId == personId && c.Purpose == purpose && c.WithdrawnAt == null
            && (recipient == null || c.RecipientOrganisationId == recipient), ct);

    /// <summary>
    /// The consent a referral to <paramref name="to"/> sharing <paramref name="parts"/> lacks, or null when every one
    /// is active: the referral itself, and — when identity or contacts are shared — sharing identifiable data with
    /// that organisation. A missing consent is named in the message the user sees (field <c>consent</c>).
    /// </summary>
    public static async Task<string?> MissingReferralConsentAsync(this PalermoDbContext db, Guid personId, Guid to, SharedParts parts, CancellationToken ct = default)
    {
        if (!await db.HasConsentAsync(personId, ConsentPurpose.Referral, to, ct))
        {
            return "The person has not consented to a referral to this organisation. Record their consent first.";
        }

        if ((parts & Referral.IdentifyingParts) != 0 && !await db.HasConsentAsync(personId, ConsentPurpose.SharingIdentifiableData, to, ct))
        {
            return "The person has not consented to sharing their identity or contacts with this organisation. Record that consent first, or share services only.";
        }

        return null;
    }
}
