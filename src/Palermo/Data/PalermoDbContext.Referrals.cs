using Microsoft.EntityFrameworkCore;
using Palermo.Referrals;

namespace Palermo.Data;

/// <summary>
/// Keeps every process's <see cref="ReferralAccessIndex"/> honest for every save, whichever use case made it: the
/// organisations receiving a referral that is added, removed or changes what it grants get a new
/// <see cref="ReferralAccessStamp"/> in the same transaction.
/// </summary>
public sealed partial class PalermoDbContext
{
    private List<Guid>? ReferralReceivers()
    {
        HashSet<Guid>? receivers = null;
        foreach (var e in ChangeTracker.Entries<Referral>())
        {
            var grants = e.State is EntityState.Added or EntityState.Deleted
                || (e.State == EntityState.Modified && (e.Property(r => r.State).IsModified || e.Property(r => r.Parts).IsModified
                    || e.Property(r => r.ValidUntil).IsModified || e.Property(r => r.CaseId).IsModified
                    || e.Property(r => r.FromOrganisationId).IsModified || e.Property(r => r.ToOrganisationId).IsModified));
            if (!grants) continue;
            (receivers ??= []).Add(e.Entity.ToOrganisationId);
            if (e.State == EntityState.Modified) receivers.Add((Guid)e.Property(r => r.ToOrganisationId).OriginalValue!);
        }

        // A fixed order, so two transactions touching the same organisations lock their stamps alike.
        return receivers?.Order().ToList();
    }

    private async Task StampReferralsAsync(List<Guid>? receivers, CancellationToken ct)
    {
        foreach (var org in receivers ?? []) await ReferralAccessStamp.BumpAsync(this, org, ct);
    }
}
