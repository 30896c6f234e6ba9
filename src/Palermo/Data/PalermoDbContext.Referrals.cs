using Microsoft.EntityFrameworkCore;
using Palermo.Referrals;

namespace Palermo.Data;

/// <summary>
/// Keeps every process's <see cref="ReferralAccessIndex"/> honest for every save, whichever use case made it: the
/// organisations receiving a referral that is added, removed or changes what it grants get a new
/// <see cref="ReferralAccessStamp"/> in the same transaction, with a <see cref="ReferralAccessChange"/> naming the
/// referrals for other processes to catch up with, and this process's index applies the change once it is saved.
/// </summary>
public sealed partial class PalermoDbContext
{
    private sealed record ReferralChanges(List<Referral> Changed, List<Guid> Removed);

    private Dictionary<Guid, ReferralChanges>? CollectReferralChanges()
    {
        Dictionary<Guid, ReferralChanges>? byReceiver = null;
        ReferralChanges For(Guid org) => (byReceiver ??= []).TryGetValue(org, out var c) ? c : byReceiver[org] = new ReferralChanges([], []);
        foreach (var e in ChangeTracker.Entries<Referral>())
        {
            switch (e.State)
            {
                case EntityState.Deleted:
                    For(e.Entity.ToOrganisationId).Removed.Add(e.Entity.Id);
                    break;
                case EntityState.Added:
                case EntityState.Modified when e.Property(r => r.State).IsModified || e.Property(r => r.Parts).IsModified
                                               || e.Property(r => r.ValidUntil).IsModified || e.Property(r => r.CaseId).IsModified
                                               || e.Property(r => r.FromOrganisationId).IsModified || e.Property(r => r.ToOrganisationId).IsModified:
                    // Read again after the save: the entity then holds what was written.
                    For(e.Entity.ToOrganisationId).Changed.Add(e.Entity);
                    if (e.State == EntityState.Modified && e.Property(r => r.ToOrganisationId).IsModified)
                    {
                        For((Guid)e.Property(r => r.ToOrganisationId).OriginalValue!).Removed.Add(e.Entity.Id);
                    }

                    break;
            }
        }

        return byReceiver;
    }

    private async Task<Dictionary<Guid, (long Previous, long Current)>?> StampReferralsAsync(Dictionary<Guid, ReferralChanges>? changes, CancellationToken ct)
    {
        if (changes is null) return null;
        var stamps = new Dictionary<Guid, (long, long)>();
        // A fixed order, so two transactions touching the same organisations lock their stamps alike.
        foreach (var org in changes.Keys.Order())
        {
            var (previous, current) = stamps[org] = await ReferralAccessStamp.BumpAsync(this, org, ct);
            // The link other processes follow to read just these referrals again, committed with the stamp or not at all.
            var ids = changes[org].Changed.Select(r => r.Id).Concat(changes[org].Removed).ToHashSet();
            await ReferralAccessChange.RecordAsync(this, org, previous, current, ids, ct);
        }

        return stamps;
    }

    /// <summary>Saved or not, a link is written once, by the save that bumped its stamp; none stays tracked.</summary>
    private void ForgetReferralLinks()
    {
        foreach (var e in ChangeTracker.Entries<ReferralAccessChange>().ToList()) e.State = EntityState.Detached;
    }

    private void ApplyReferrals(Dictionary<Guid, ReferralChanges>? changes, Dictionary<Guid, (long Previous, long Current)>? stamps)
    {
        if (changes is null || stamps is null) return;
        foreach (var (org, c) in changes) ReferralAccessIndex.Apply(this, org, stamps[org].Previous, stamps[org].Current, c.Changed, c.Removed);
    }
}
