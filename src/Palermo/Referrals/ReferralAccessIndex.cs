using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Referrals;

/// <summary>
/// Each receiving organisation's accepted referrals held in memory — case, referring organisation, parts, end of
/// access; nothing about the person — so a case list or name search of an organisation with 100,000+ accepted
/// referrals does not read them all from the database per request. An entry is valid for one
/// <see cref="ReferralAccessStamp"/>, read per request (a primary-key lookup); a mismatch rebuilds it. Expiry is
/// applied at read time: <see cref="Get"/> returns what grants access at the given moment, recomputed in memory once
/// the earliest end of access has passed.
/// The list and the search still check access in the database for every case they return (CaseAccess); this index
/// only decides which cases to look at and how, so a stale entry could hide a case, never show one.
/// </summary>
public static class ReferralAccessIndex
{
    private static readonly ConcurrentDictionary<(string Database, Guid Organisation), Entry> Entries = new();

    /// <summary>What the accepted referrals to <paramref name="organisationId"/> grant at the context's current time.</summary>
    public static async Task<Granted> GetAsync(PalermoDbContext db, Guid organisationId, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString() ?? "", organisationId);
        var stamp = await ReferralAccessStamp.ReadAsync(db, organisationId, ct);
        if (!Entries.TryGetValue(key, out var entry) || entry.Stamp != stamp)
        {
            // The stamp is read before the rows: a change committed in between makes the rows newer than the stamp,
            // and the next request (seeing another stamp) rebuilds again. Never older, so nothing is missed.
            var rows = await db.Referrals.AsNoTracking().Where(r => r.ToOrganisationId == organisationId && r.State == ReferralState.Accepted)
                .Select(r => new Grant(r.CaseId, r.FromOrganisationId, r.Parts, r.ValidUntil)).ToArrayAsync(ct);
            entry = new Entry(stamp, rows);
            Entries[key] = entry;
        }

        return entry.At(db.UtcNow);
    }

    public readonly record struct Grant(Guid CaseId, Guid From, SharedParts Parts, DateTime? ValidUntil);

    /// <summary>
    /// The referred cases an organisation sees at one moment: all of them by referring organisation (the case's owner:
    /// only the owner refers, and cases never change organisation), and those whose referral shares the person's identity.
    /// </summary>
    public sealed class Granted(Dictionary<Guid, List<Guid>> byOwner, HashSet<Guid> identity, HashSet<Guid> identityOwners, int count, DateTime at, DateTime? until)
    {
        public IReadOnlyDictionary<Guid, List<Guid>> ByOwner => byOwner;
        public IReadOnlySet<Guid> IdentityCases => identity;
        public IReadOnlySet<Guid> IdentityOwners => identityOwners;
        /// <summary>Distinct referred cases (a case referred twice for different services counts once).</summary>
        public int Count => count;
        public bool Any => count > 0;
        /// <summary>Exact from <paramref name="at"/> until the earliest end of access after it (none: for good).</summary>
        internal bool HoldsAt(DateTime now) => now >= at && (until is null || now < until);

        internal static Granted Compute(Grant[] grants, DateTime now)
        {
            var byOwner = new Dictionary<Guid, List<Guid>>();
            var all = new HashSet<Guid>();
            var identity = new HashSet<Guid>();
            var identityOwners = new HashSet<Guid>();
            DateTime? until = null;
            foreach (var g in grants)
            {
                if (g.ValidUntil is { } end)
                {
                    if (end <= now) continue;
                    if (until is null || end < until) until = end;
                }

                if (all.Add(g.CaseId))
                {
                    if (!byOwner.TryGetValue(g.From, out var ids)) byOwner[g.From] = ids = [];
                    ids.Add(g.CaseId);
                }

                if ((g.Parts & SharedParts.Identity) != 0 && identity.Add(g.CaseId)) identityOwners.Add(g.From);
            }

            return new Granted(byOwner, identity, identityOwners, all.Count, now, until);
        }
    }

    private sealed class Entry(long stamp, Grant[] grants)
    {
        private Granted? _view;

        public long Stamp => stamp;

        public Granted At(DateTime now)
        {
            // One reference, replaced whole: concurrent requests see one view or the other, never a mix. A clock moving
            // backwards (tests, a corrected server clock) recomputes too.
            var view = _view;
            if (view is not null && view.HoldsAt(now)) return view;
            return _view = Granted.Compute(grants, now);
        }
    }
}
