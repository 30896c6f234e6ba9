using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Palermo.Data;
using Palermo.Linkage.Comparison;

namespace Palermo.Cases;

/// <summary>
/// Each organisation's case encodings held in memory, so a fuzzy name search or a duplicate check scans an array
/// with the linkage library's SIMD Dice kernel instead of reading every encoding from the database per query.
/// Only encodings (keyed Bloom filters, useless without the installation's key), person ids and case references
/// are held; no names. An entry is valid for one <see cref="PersonEncodingStamp"/>: the stamp is read per query (a
/// primary-key lookup) and a mismatch rebuilds the entry from the database. Changes saved through this process's
/// contexts are applied in place (see <see cref="PersonEncodingChanges"/>), so registering a case does not force
/// a rebuild; bulk writes and other processes' changes do.
/// </summary>
/// <summary>How a query encoding is compared with a person's encoding.</summary>
public enum MatchScore
{
    /// <summary>Dice coefficient: the whole person against the whole person (duplicates, a given and family name).</summary>
    Dice,

    /// <summary>
    /// The share of the query's bits set in the record: one name against a person. A person's encoding also holds the
    /// other name, the birth date, sex and citizenship, so one name alone can never reach a Dice threshold; its bits
    /// are all present when it is the given or the family name (both use the same keys, so either matches).
    /// </summary>
    Containment,
}

public static class PersonEncodingIndex
{
    private static readonly ConcurrentDictionary<(string Database, Guid Organisation), OrganisationEncodings> Entries = new();
    private static readonly KernelKind Kernel = KernelSupport.Resolve(KernelKind.Auto);

    public static async Task<IReadOnlyList<SimilarPerson>> SearchAsync(PalermoDbContext db, Guid organisationId, int filterBytes, byte[] query,
        double threshold, int max, CancellationToken ct, MatchScore score = MatchScore.Dice, IReadOnlySet<Guid>? onlyCases = null)
    {
        var entry = await GetAsync(db, organisationId, filterBytes, ct);
        return entry.Find(query, threshold, max, score, onlyCases);
    }

    internal static async Task<OrganisationEncodings> GetAsync(PalermoDbContext db, Guid organisationId, int filterBytes, CancellationToken ct)
    {
        var key = (KeyOf(db), organisationId);
        var stamp = await PersonEncodingStamp.ReadAsync(db, organisationId, ct);
        if (Entries.TryGetValue(key, out var entry) && entry.Stamp == stamp && entry.FilterBytes == filterBytes) return entry;
        // The stamp is read before the rows: a change committed in between makes the rows newer than the stamp, and
        // the next query (seeing a different stamp) rebuilds again. Never older, so nothing is missed.
        entry = new OrganisationEncodings(stamp, filterBytes);
        await foreach (var row in db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Person.NameEncoding != null)
                           .Select(c => new { c.Id, c.PersonId, c.Reference, c.Person.NameEncoding }).AsAsyncEnumerable().WithCancellation(ct))
        {
            entry.Add(row.Id, row.PersonId, row.Reference, row.NameEncoding!);
        }

        Entries[key] = entry;
        return entry;
    }

    /// <summary>After a save in this process: apply its changes if the entry was current, otherwise drop it.</summary>
    internal static void Apply(PalermoDbContext db, Guid organisationId, long previous, long current, PersonEncodingChanges.Delta delta)
    {
        var key = (KeyOf(db), organisationId);
        if (!Entries.TryGetValue(key, out var entry)) return;
        if (delta.Invalidate || !entry.TryApply(previous, current, delta)) Entries.TryRemove(KeyValuePair.Create(key, entry));
    }

    private static string KeyOf(PalermoDbContext db) => db.Database.GetConnectionString() ?? "";

    internal sealed class OrganisationEncodings(long stamp, int filterBytes)
    {
        private readonly ReaderWriterLockSlim _lock = new();
        /// <summary>Each case's slot for the person's name.</summary>
        private readonly Dictionary<Guid, int> _slotOfCase = [];
        /// <summary>The slots of the person's aliases, for the few cases that have any.</summary>
        private readonly Dictionary<Guid, List<int>> _aliasSlotsOfCase = [];
        private readonly int _words = (filterBytes + 7) / 8;
        private ulong[] _filters = new ulong[1024 * ((filterBytes + 7) / 8)];
        private int[] _pops = new int[1024];
        private (Guid Case, Guid Person, string Reference, bool Alias)[] _ids = new (Guid, Guid, string, bool)[1024];
        private int _count;

        public long Stamp { get; private set; } = stamp;
        public int FilterBytes => filterBytes;

        /// <summary>
        /// Adds or replaces a case's entries: one for the name, one per alias (<see cref="NameEncoder.Encode"/>).
        /// Replacing makes applying the same change twice harmless.
        /// </summary>
        public void Add(Guid caseId, Guid personId, string reference, byte[] encoding)
        {
            if (encoding.Length == 0 || encoding.Length % filterBytes != 0) return;
            RemoveCase(caseId);
            var alias = false;
            foreach (var part in NameEncoder.Parts(encoding, filterBytes))
            {
                var slot = _count++;
                if (slot == _pops.Length)
                {
                    Array.Resize(ref _pops, slot * 2);
                    Array.Resize(ref _ids, slot * 2);
                    Array.Resize(ref _filters, slot * 2 * _words);
                }

                if (!alias) _slotOfCase[caseId] = slot;
                else if (_aliasSlotsOfCase.TryGetValue(caseId, out var list)) list.Add(slot);
                else _aliasSlotsOfCase[caseId] = [slot];
                var words = _filters.AsSpan(slot * _words, _words);
                words.Clear();
                part.CopyTo(MemoryMarshal.AsBytes(words));
                var pop = 0;
                foreach (var w in words) pop += BitOperations.PopCount(w);
                _pops[slot] = pop;
                _ids[slot] = (caseId, personId, reference, alias);
                alias = true;
            }
        }

        public bool TryApply(long previous, long current, PersonEncodingChanges.Delta delta)
        {
            _lock.EnterWriteLock();
            try
            {
                if (Stamp != previous) return false;
                foreach (var (caseId, personId, reference, encoding) in delta.Added) Add(caseId, personId, reference, encoding);
                foreach (var (personId, encoding) in delta.Changed)
                {
                    var cases = Enumerable.Range(0, _count).Where(i => _ids[i].Person == personId && !_ids[i].Alias).Select(i => (_ids[i].Case, _ids[i].Reference)).ToList();
                    foreach (var (caseId, reference) in cases)
                    {
                        if (encoding is null) RemoveCase(caseId);
                        else Add(caseId, personId, reference, encoding);
                    }
                }

                Stamp = current;
                return true;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        public List<SimilarPerson> Find(byte[] query, double threshold, int max, MatchScore score = MatchScore.Dice, IReadOnlySet<Guid>? onlyCases = null)
        {
            if (query.Length != filterBytes) return [];
            var q = new ulong[_words];
            query.CopyTo(MemoryMarshal.AsBytes(q.AsSpan()));
            var popA = 0;
            foreach (var w in q) popA += BitOperations.PopCount(w);
            if (popA == 0) return [];
            // Containment needs at least threshold × |query| common bits, so a record with fewer bits set cannot match;
            // there is no upper bound (the record also holds the other name, the birth date, sex and citizenship).
            var (lo, hi) = score == MatchScore.Dice ? DiceMath.PopCountWindow(threshold, popA) : ((int)Math.Floor(threshold * popA) - 1, int.MaxValue);
            // The best max names only, kept in a heap whose root is the worst kept: a common name matches thousands of
            // cases in a large organisation, and sorting them all cost more than the scan. Aliases are few, and a case
            // may match by its name and an alias, so alias matches are kept apart, best per case, and merged after:
            // the best max cases overall are among the best max names and all alias matches.
            var best = new PriorityQueue<int, (double Score, double Dice, string Reference)>(max + 1, WorstFirst.Instance);
            Dictionary<Guid, (int Slot, (double Score, double Dice, string Reference) Rank)>? aliases = null;
            _lock.EnterReadLock();
            try
            {
                for (var i = 0; i < _count; i++)
                {
                    var pop = _pops[i];
                    if (pop < lo || pop > hi) continue;
                    var common = PairKernels.AndPopCount(q, _filters.AsSpan(i * _words, _words), Kernel);
                    var dice = DiceMath.Score(common, popA, pop);
                    var s = score == MatchScore.Dice ? dice : common / (double)popA;
                    // The score first: a SIMD popcount is cheaper than a hash lookup, and few entries pass it.
                    if (s < threshold || (onlyCases is not null && !onlyCases.Contains(_ids[i].Case))) continue;
                    var rank = (s, dice, _ids[i].Reference);
                    if (_ids[i].Alias)
                    {
                        aliases ??= [];
                        if (!aliases.TryGetValue(_ids[i].Case, out var had) || WorstFirst.Instance.Compare(rank, had.Rank) > 0) aliases[_ids[i].Case] = (i, rank);
                    }
                    else if (best.Count < max) best.Enqueue(i, rank);
                    else if (max > 0 && best.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(rank, worst) > 0) best.EnqueueDequeue(i, rank);
                }

                // Ties (a name found whole in several records) go to the record it explains best, then by reference so
                // that the same search always ranks alike.
                var kept = new List<(int Slot, (double Score, double Dice, string Reference) Rank)>(best.Count + (aliases?.Count ?? 0));
                while (best.TryDequeue(out var slot, out var r)) kept.Add((slot, r));
                kept.Reverse();
                if (aliases is not null)
                {
                    // A case found by its name and an alias appears once, with the better of the two.
                    foreach (var k in kept)
                    {
                        if (!aliases.TryGetValue(_ids[k.Slot].Case, out var a) || WorstFirst.Instance.Compare(k.Rank, a.Rank) > 0) aliases[_ids[k.Slot].Case] = k;
                    }

                    kept = aliases.Values.OrderByDescending(v => v.Rank, WorstFirst.Instance).Take(max).ToList();
                }

                return kept.Select(k => new SimilarPerson(_ids[k.Slot].Person, _ids[k.Slot].Reference, k.Rank.Score, _ids[k.Slot].Case)).ToList();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }

        /// <summary>Orders matches worst first: lower score, then lower Dice, then the later reference.</summary>
        private sealed class WorstFirst : IComparer<(double Score, double Dice, string Reference)>
        {
            public static readonly WorstFirst Instance = new();

            public int Compare((double Score, double Dice, string Reference) x, (double Score, double Dice, string Reference) y)
            {
                var c = x.Score.CompareTo(y.Score);
                if (c != 0) return c;
                c = x.Dice.CompareTo(y.Dice);
                return c != 0 ? c : string.CompareOrdinal(y.Reference, x.Reference);
            }
        }

        /// <summary>Removes a case's entries (its name and aliases), if any.</summary>
        private void RemoveCase(Guid caseId)
        {
            if (!_slotOfCase.Remove(caseId, out var slot)) return;
            List<int> slots = [slot];
            if (_aliasSlotsOfCase.Remove(caseId, out var aliasSlots)) slots.AddRange(aliasSlots);
            // Highest first: the last entry moved into a freed slot is then never one of this case's.
            foreach (var s in slots.OrderDescending()) RemoveAt(s);
        }

        /// <summary>Frees a slot by moving the last entry into it.</summary>
        private void RemoveAt(int slot)
        {
            var last = _count - 1;
            if (slot != last)
            {
                _filters.AsSpan(last * _words, _words).CopyTo(_filters.AsSpan(slot * _words, _words));
                _pops[slot] = _pops[last];
                var moved = _ids[slot] = _ids[last];
                if (!moved.Alias) _slotOfCase[moved.Case] = slot;
                else
                {
                    var list = _aliasSlotsOfCase[moved.Case];
                    list[list.IndexOf(last)] = slot;
                }
            }

            _ids[last] = default;
            _count = last;
        }
    }
}

/// <summary>
/// What a SaveChanges does to the searchable encodings, per organisation: collected from the change tracker before
/// the save, stamped in the same transaction, applied to this process's <see cref="PersonEncodingIndex"/> after it.
/// </summary>
public static class PersonEncodingChanges
{
    public sealed class Delta
    {
        public List<(Guid Case, Guid Person, string Reference, byte[] Encoding)> Added { get; } = [];
        /// <summary>A person's new encoding, or null when it was erased.</summary>
        public List<(Guid Person, byte[]? Encoding)> Changed { get; } = [];
        public bool Invalidate { get; set; }
    }

    public static Dictionary<Guid, Delta>? Collect(ChangeTracker tracker)
    {
        Dictionary<Guid, Delta>? deltas = null;
        Delta For(Guid org) => (deltas ??= [])!.TryGetValue(org, out var d) ? d : deltas[org] = new Delta();
        foreach (var e in tracker.Entries<Case>())
        {
            var c = e.Entity;
            switch (e.State)
            {
                case EntityState.Added when c.Person is { } p:
                    if (p.NameEncoding is { } enc) For(c.OrganisationId).Added.Add((c.Id, c.PersonId, c.Reference, enc));
                    break;
                case EntityState.Added or EntityState.Deleted:
                    For(c.OrganisationId).Invalidate = true;
                    break;
                case EntityState.Modified when e.Property(x => x.Reference).IsModified || e.Property(x => x.PersonId).IsModified
                                               || e.Property(x => x.OrganisationId).IsModified:
                    For(c.OrganisationId).Invalidate = true;
                    if (e.Property(x => x.OrganisationId).IsModified) For((Guid)e.Property(x => x.OrganisationId).OriginalValue!).Invalidate = true;
                    break;
            }
        }

        foreach (var e in tracker.Entries<Person>())
        {
            if (e.State == EntityState.Deleted) For(e.Entity.OrganisationId).Changed.Add((e.Entity.Id, null));
            else if (e.State == EntityState.Modified && e.Property(x => x.NameEncoding).IsModified) For(e.Entity.OrganisationId).Changed.Add((e.Entity.Id, e.Entity.NameEncoding));
        }

        return deltas;
    }
}
