using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Consent;

public static class ConsentQueries
{
    /// <summary>Whether an active consent covers this purpose (and recipient, where the purpose names one).</summary>
    public static Task<bool> HasConsentAsync(this PalermoDbContext db, Guid personId, ConsentPurpose purpose, Guid? recipient, CancellationToken ct = default) =>
        db.Set<ConsentRecord>().AnyAsync(c => c.PersonId == personId && c.Purpose == purpose && c.WithdrawnAt == null
            && (recipient == null || c.RecipientOrganisationId == recipient), ct);
}
