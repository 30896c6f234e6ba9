using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Referrals;

/// <summary>
/// Each receiving organisation's accepted referrals held in memory — case, referring organisation, parts, end of
/// access; nothing about the person — so a case list or name search of an organisation with 100,000+ accepted
/// referrals does not read them all from the database per request. An entry is valid for one
/// <see cref="ReferralAccessStamp"/>, read per request (a primary-key lookup). Referrals saved through this
/// process's contexts are applied in place (<see cref="Apply"/>), so accepting a referral does not make the
/// receiver's next request read 100,000+ rows again. On a mismatch (another process saved: the CLI, a second web
/// instance) the entry catches up by following the stamp's links (<see cref="ReferralAccessChange"/>) and reading
/// only the referrals they name; when the links do not lead to the current stamp (a bulk write, a link pruned, too
/// many changes) all the organisation's accepted referrals are read again. Expiry is
/// applied at read time: <see cref="GetAsync"/> returns what grants access at the given moment, recomputed in memory once
/// the earliest end of access has passed.
/// The list and the search still check access in the database for every case they return (CaseAccess); this index
/// only decides which cases to look at and how, so a stale entry could hide a case, never show one.
/// </summary>
public static class ReferralAccessIndex
{
    private static readonly ConcurrentDictionary<(string Database, Guid Organisation), Entry> Entries = new();

    /// <summary>Catching up takes at most this many links (saves elsewhere) …</summary>
    private const int MaxLinks = 64;

    /// <summary>… and this many referrals read by id; beyond either, reading them all is as quick.</summary>
    private const int MaxIds = 5000;

    /// <summary>What the accepted referrals to <paramref name="organisationId"/> grant at the context's current time.</summary>
    public static async Task<Granted> GetAsync(PalermoDbContext db, Guid organisationId, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString() ?? "", organisationId);
        var stamp = await ReferralAccessStamp.ReadAsync(db, organisationId, ct);
        if (!Entries.TryGetValue(key, out var entry) || entry.Stamp != stamp)
        {
            entry = (entry is null ? null : await CatchUpAsync(db, organisationId, entry, stamp, ct)) ?? await ReadAllAsync(db, organisationId, entry, stamp, ct);
            Entries[key] = entry;
        }

        return entry.At(db.UtcNow);
    }

    /// <summary>
    /// How the organisation's current entry was made, for tests: how many times all its referrals were read, and how
    /// many times it caught up by the stamp's links instead. Null when there is no entry.
    /// </summary>
    internal static Builds? BuildsOf(PalermoDbContext db, Guid organisationId) =>
        Entries.TryGetValue((db.Database.GetConnectionString() ?? "", organisationId), out var entry) ? entry.Builds : null;

    /// <summary>For tests: whether the organisation's view at the context's time, however it was made (in steps by
    /// catch-ups and saves here, or whole), has exactly the cases computing it whole from its referrals gives.</summary>
    internal static bool ViewIsExact(PalermoDbContext db, Guid organisationId) =>
        !Entries.TryGetValue((db.Database.GetConnectionString() ?? "", organisationId), out var entry) || entry.ViewIsExact(db.UtcNow);

    /// <summary>
    /// Every accepted referral to the organisation, labelled <paramref name="stamp"/>. The stamp was read before the
    /// rows: a change committed in between makes the rows newer than the stamp, and the next request (seeing another
    /// stamp) catches up or reads again. Never older, so nothing is missed.
    /// </summary>
    private static async Task<Entry> ReadAllAsync(PalermoDbContext db, Guid organisationId, Entry? old, long stamp, CancellationToken ct)
    {
        var rows = await db.Referrals.AsNoTracking().Where(r => r.ToOrganisationId == organisationId && r.State == ReferralState.Accepted)
            .Select(r => new { r.Id, Grant = new Grant(r.CaseId, r.FromOrganisationId, r.Parts, r.ValidUntil) }).ToDictionaryAsync(r => r.Id, r => r.Grant, ct);
        var builds = old?.Builds ?? default;
        return new Entry(stamp, new ReferralGrantSet(rows), builds with { FullReads = builds.FullReads + 1 });
    }

    /// <summary>
    /// The entry at <paramref name="stamp"/> made from <paramref name="old"/> by reading again only the referrals the
    /// stamp's links name (<see cref="ReferralAccessChange"/>), or null when the links do not lead there.
    /// Why nothing is missed: every save that changes a referral to the organisation replaces its stamp and writes the
    /// link in one transaction, so when the links lead from <paramref name="old"/>'s stamp to <paramref name="stamp"/>
    /// (committed: read before the links), every referral changed in between is named by one of them, and any other
    /// stands in <paramref name="old"/> as it stands at <paramref name="stamp"/> or newer (the invariant of every entry:
    /// its referrals are as at its stamp or newer, and any change after that comes with a later link). The named ones
    /// are read now, after the stamp, so they too are as at <paramref name="stamp"/> or newer: the invariant holds for
    /// the new entry. A referral read newer than the stamp was changed by a save after it, whose link the next catch-up
    /// follows. A save that replaced the stamp without a link (a bulk write, a pruned link) or whose transaction rolled
    /// back (its random stamp never committed) leaves no path, and everything is read again. Same filter as
    /// <see cref="ReadAllAsync"/>: a named referral grants only if it is still to this organisation and accepted.
    /// </summary>
    private static async Task<Entry?> CatchUpAsync(PalermoDbContext db, Guid organisationId, Entry old, long stamp, CancellationToken ct)
    {
        var ids = await ReferralAccessChange.ChangedBetweenAsync(db, organisationId, old.Stamp, stamp, MaxLinks, MaxIds, ct);
        if (ids is null) return null;
        var rows = await db.Referrals.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.ToOrganisationId, r.State, Grant = new Grant(r.CaseId, r.FromOrganisationId, r.Parts, r.ValidUntil) }).ToListAsync(ct);
        // A new entry, not the old one changed: requests reading the old one meanwhile see it whole.
        var updates = ids.ToDictionary(id => id, _ => (Grant?)null);
        foreach (var r in rows.Where(r => r.ToOrganisationId == organisationId && r.State == ReferralState.Accepted)) updates[r.Id] = r.Grant;
        return old.Changed(stamp, updates, db.UtcNow, old.Builds with { CatchUps = old.Builds.CatchUps + 1 });
    }

    /// <summary>
    /// After a save in this process changed referrals to <paramref name="organisationId"/> and moved its stamp from
    /// <paramref name="previous"/> to <paramref name="current"/>: the entry built at <paramref name="previous"/> takes
    /// the changes and the new stamp; any other entry is left to fail its stamp check and catch up (or be rebuilt).
    /// </summary>
    internal static void Apply(PalermoDbContext db, Guid organisationId, long previous, long current, IReadOnlyList<Referral> changed, IReadOnlyList<Guid> removed)
    {
        var key = (db.Database.GetConnectionString() ?? "", organisationId);
        // No entry, or one a request already rebuilt from the database after this save committed.
        if (!Entries.TryGetValue(key, out var entry) || entry.Stamp == current) return;
        // Built at another stamp (another process saved since): left as it is, to fail its stamp check and catch up
        // by the links, this save's among them. Kept rather than dropped, so that catching up stays possible.
        if (entry.Stamp != previous || changed.Any(r => r.ToOrganisationId != organisationId)) return;

        // A new entry, not the old one changed: requests reading the old one meanwhile see it whole.
        var updates = new Dictionary<Guid, Grant?>();
        foreach (var id in removed) updates[id] = null;
        foreach (var r in changed) updates[r.Id] = r.State == ReferralState.Accepted ? new Grant(r.CaseId, r.FromOrganisationId, r.Parts, r.ValidUntil) : null;

        // Only in place of the entry checked above: another save applied first, or a rebuild, wins, and a mismatch
        // later catches up or rebuilds from the database.
        Entries.TryUpdate(key, entry.Changed(current, updates, db.UtcNow, entry.Builds), entry);
    }

    public readonly record struct Grant(Guid CaseId, Guid From, SharedParts Parts, DateTime? ValidUntil);

    /// <summary>How an entry and those it was made from were built: whole reads, and catch-ups by the stamp's links.</summary>
    internal readonly record struct Builds(int FullReads, int CatchUps);

    /// <summary>
    /// The referred cases an organisation sees at one moment: all of them by referring organisation (the case's owner:
    /// only the owner refers, and cases never change organisation), and those whose referral shares the person's identity.
    /// </summary>
    public sealed class Granted(Dictionary<Guid, List<Guid>> byOwner, HashSet<Guid> identity, Dictionary<Guid, HashSet<Guid>> identityByOwner, int count, DateTime at, DateTime? until)
    {
        public IReadOnlyDictionary<Guid, List<Guid>> ByOwner => byOwner;
        public IReadOnlySet<Guid> IdentityCases => identity;
        /// <summary>The cases shared with identity, by referring organisation: what a name search scans in each owner's index.</summary>
        public IReadOnlyDictionary<Guid, HashSet<Guid>> IdentityByOwner => identityByOwner;
        /// <summary>Distinct referred cases (a case referred twice for different services counts once).</summary>
        public int Count => count;
        public bool Any => count > 0;
        /// <summary>Exact from <paramref name="at"/> until the earliest end of access after it (none: for good).</summary>
        internal bool HoldsAt(DateTime now) => now >= at && (until is null || now < until);

        internal static Granted Compute(ReferralGrantSet grants, DateTime now)
        {
            var byOwner = new Dictionary<Guid, List<Guid>>();
            // Sized once: growing it step by step through 100,000+ cases cost as much again.
            var all = new HashSet<Guid>(grants.Capacity);
            var identity = new HashSet<Guid>();
            var identityByOwner = new Dictionary<Guid, HashSet<Guid>>();
            DateTime? until = null;
            foreach (var g in grants.Values)
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

                if ((g.Parts & SharedParts.Identity) != 0 && identity.Add(g.CaseId))
                {
                    if (!identityByOwner.TryGetValue(g.From, out var ids)) identityByOwner[g.From] = ids = [];
                    ids.Add(g.CaseId);
                }
            }

            return new Granted(byOwner, identity, identityByOwner, all.Count, now, until);
        }

        /// <summary>
        /// What <see cref="Compute"/> would make of <paramref name="grants"/> at <paramref name="now"/>, made from this
        /// view of <paramref name="before"/> by redoing only the cases of the <paramref name="changed"/> referrals:
        /// one pass over the grants and copies of the touched sets, instead of every set built again (10 ms for 27,000
        /// referrals). Null when this view does not hold at <paramref name="now"/>, or a case's referrals name two
        /// referring organisations (never, as only the owner refers): then compute it whole.
        /// Why it is the same: every untouched case has the same referrals in both, and none of them starts or ends
        /// between this view's moment and <paramref name="now"/> (the view holds), so its place in every set is as here;
        /// each touched case is placed anew from all its referrals in <paramref name="grants"/>. The end of access
        /// kept is the earlier of this view's and the touched referrals' — at worst too early, which only computes again.
        /// </summary>
        internal Granted? Update(ReferralGrantSet before, ReferralGrantSet grants, IEnumerable<Guid> changed, DateTime now)
        {
            if (!HoldsAt(now)) return null;
            var owners = new Dictionary<Guid, Guid>();
            foreach (var id in changed)
            {
                foreach (var map in new[] { before, grants })
                {
                    if (!map.TryGetValue(id, out var g)) continue;
                    if (owners.TryGetValue(g.CaseId, out var o) && o != g.From) return null;
                    owners[g.CaseId] = g.From;
                }
            }

            if (owners.Count == 0) return new Granted(byOwner, identity, identityByOwner, count, now, until);
            // The touched cases as the new grants have them at now: granted or not, with identity or not.
            var granted = new Dictionary<Guid, bool>();
            var end = until;
            foreach (var g in grants.OfCases(owners))
            {
                if (owners[g.CaseId] != g.From) return null;
                if (g.ValidUntil is { } e)
                {
                    if (e <= now) continue;
                    if (end is null || e < end) end = e;
                }

                granted[g.CaseId] = (granted.TryGetValue(g.CaseId, out var withIdentity) && withIdentity) || (g.Parts & SharedParts.Identity) != 0;
            }

            // Copies of what changes only; untouched lists and sets are shared with this view (never changed once built).
            var lists = new Dictionary<Guid, List<Guid>>();
            var sets = new Dictionary<Guid, HashSet<Guid>>();
            HashSet<Guid>? newIdentity = null;
            var newCount = count;
            foreach (var (c, owner) in owners)
            {
                var wasIn = byOwner.TryGetValue(owner, out var had) && had.Contains(c);
                var isIn = granted.TryGetValue(c, out var isIdentity);
                if (wasIn != isIn)
                {
                    if (!lists.TryGetValue(owner, out var list)) lists[owner] = list = had is null ? [] : new List<Guid>(had);
                    if (isIn) list.Add(c);
                    else list.Remove(c);
                    newCount += isIn ? 1 : -1;
                }

                if (identity.Contains(c) != isIdentity)
                {
                    newIdentity ??= new HashSet<Guid>(identity);
                    if (!sets.TryGetValue(owner, out var set)) sets[owner] = set = identityByOwner.TryGetValue(owner, out var h) ? new HashSet<Guid>(h) : [];
                    if (isIdentity) { newIdentity.Add(c); set.Add(c); }
                    else { newIdentity.Remove(c); set.Remove(c); }
                }
            }

            // As Compute makes them: an organisation with no case left has no list or set.
            var newByOwner = new Dictionary<Guid, List<Guid>>(byOwner);
            foreach (var (owner, list) in lists)
            {
                if (list.Count == 0) newByOwner.Remove(owner);
                else newByOwner[owner] = list;
            }

            var newIdentityByOwner = new Dictionary<Guid, HashSet<Guid>>(identityByOwner);
            foreach (var (owner, set) in sets)
            {
                if (set.Count == 0) newIdentityByOwner.Remove(owner);
                else newIdentityByOwner[owner] = set;
            }

            return new Granted(newByOwner, newIdentity ?? identity, newIdentityByOwner, newCount, now, end);
        }

        /// <summary>For tests: the same cases in every set as <paramref name="other"/>.</summary>
        internal bool SameAs(Granted other) =>
            count == other.Count && identity.SetEquals(other.IdentityCases)
            && byOwner.Count == other.ByOwner.Count && byOwner.All(o => other.ByOwner.TryGetValue(o.Key, out var l) && l.Count == o.Value.Count && l.ToHashSet().SetEquals(o.Value))
            && identityByOwner.Count == other.IdentityByOwner.Count && identityByOwner.All(o => other.IdentityByOwner.TryGetValue(o.Key, out var h) && h.SetEquals(o.Value));
    }

    /// <summary>The accepted referrals to one organisation by referral id, at one stamp; never changed once built.</summary>
    private sealed class Entry(long stamp, ReferralGrantSet grants, Builds builds, Granted? view = null)
    {
        private Granted? _view = view;

        public long Stamp => stamp;
        public Builds Builds => builds;

        public Granted At(DateTime now)
        {
            // One reference, replaced whole: concurrent requests see one view or the other, never a mix. A clock moving
            // backwards (tests, a corrected server clock) recomputes too.
            var view = _view;
            if (view is not null && view.HoldsAt(now)) return view;
            return _view = Granted.Compute(grants, now);
        }

        /// <summary>The entry at <paramref name="newStamp"/>: this one's grants with <paramref name="updates"/> (null:
        /// the referral no longer grants); its view made from this one's when that holds at <paramref name="now"/>,
        /// else computed when first asked.</summary>
        public Entry Changed(long newStamp, Dictionary<Guid, Grant?> updates, DateTime now, Builds newBuilds)
        {
            var newGrants = grants.With(updates);
            return new Entry(newStamp, newGrants, newBuilds, _view?.Update(grants, newGrants, updates.Keys, now));
        }

        /// <summary>For tests: whether the view made in steps is what computing it whole gives.</summary>
        public bool ViewIsExact(DateTime now) => At(now).SameAs(Granted.Compute(grants, now));
    }
}
