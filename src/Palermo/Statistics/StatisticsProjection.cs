using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Statistics;

/// <summary>
/// Maintains <see cref="CaseStatistics"/>, the de-identified projection the statistics read: <see cref="Row"/>
/// builds the row of one case (the function a bulk insert path calls), <see cref="SyncAsync"/> keeps the rows in
/// step inside every <c>SaveChanges</c> (registration, decisions, updates, closure, import, a person's gender or
/// citizenship changing), <see cref="BackfillAsync"/> fills rows missing after a migration or a bulk insert, and
/// <see cref="WriteAsync"/> inserts many rows through the provider's bulk path. Values go through
/// <see cref="HtcdsMapping"/> with per-value caches, so one instance can build a million rows quickly; an instance
/// is not thread-safe.
/// </summary>
public sealed class StatisticsProjection
{
    private readonly CaseRecordMapper _mapper = new();

    /// <summary>True for the trafficking statuses the statistics count (possible or actual victim).</summary>
    public static bool IsCounted(TraffickingStatus status) =>
        status is TraffickingStatus.PossibleVictimOfTrafficking or TraffickingStatus.ActualVictimOfTrafficking;

    /// <summary>The projection row of a case whose <see cref="Case.Person"/> and <see cref="Case.Events"/> are at hand.</summary>
    public CaseStatistics Row(Case c, Person person, OrganisationKind kind) => Row(c, person.Gender, person.Citizenships, kind, c.Events);

    /// <summary>The projection row of a case from its coded columns: the person's gender and citizenships
    /// (';'-separated, the first counts), the identifying organisation's kind and the case's trafficking events.</summary>
    public CaseStatistics Row(Case c, Gender gender, string citizenships, OrganisationKind kind, IEnumerable<CaseEvent> events)
    {
        var row = new CaseStatistics(c.Id);
        Fill(row, c, gender, citizenships, kind, events);
        return row;
    }

    private void Fill(CaseStatistics row, Case c, Gender gender, string citizenships, OrganisationKind kind, IEnumerable<CaseEvent> events)
    {
        var (recruitment, exploitation, since) = Places(events);
        var record = _mapper.Map(
            new CaseRow(c.Id, c.PersonId, c.OrganisationId, c.IdentificationDate, c.AgeAtIdentification, c.Exploitation,
                c.MethodsOfControl, c.LabourIndustry, c.SexExploitation, c.CountryOfDetection, c.RelationshipToTrafficker),
            gender, _mapper.Country(CaseRecordMapper.FirstCitizenship(citizenships)), kind, recruitment, exploitation, since);
        row.Set(IsCounted(c.TraffickingStatus), record);
    }

    /// <summary>The earliest dated event of each type (an undated one only when none is dated), and the earliest
    /// date of either — the start of the trafficking situation for CTDC's traffickMonths.</summary>
    private (CountryCode? Recruitment, CountryCode? Exploitation, DateOnly? Since) Places(IEnumerable<CaseEvent> events)
    {
        CountryCode? recruitment = null, exploitation = null;
        DateOnly? recruitedOn = null, exploitedOn = null;
        foreach (var e in events)
        {
            if (e.Type == TraffickingEventType.Recruitment && (recruitment is null || Earlier(e.Date, recruitedOn)))
            {
                (recruitment, recruitedOn) = (_mapper.Country(e.Country), e.Date);
            }
            else if (e.Type == TraffickingEventType.Exploitation && (exploitation is null || Earlier(e.Date, exploitedOn)))
            {
                (exploitation, exploitedOn) = (_mapper.Country(e.Country), e.Date);
            }
        }

        DateOnly? since = recruitedOn is { } r && (exploitedOn is null || r <= exploitedOn) ? r : exploitedOn;
        return (recruitment, exploitation, since);
    }

    private static bool Earlier(DateOnly? candidate, DateOnly? current) => candidate is { } c && (current is null || c < current);

    /// <summary>
    /// Called by <see cref="PalermoDbContext"/> before every save: refreshes (or adds) the row of every case that is
    /// added or modified, whose events changed, or whose person's gender or citizenships changed, so the row is
    /// written in the same transaction as the change. Erasure changes none of these columns and keeps the row.
    /// Costs nothing when the unit of work touches no case or person.
    /// </summary>
    internal static async Task SyncAsync(PalermoDbContext db, CancellationToken ct)
    {
        HashSet<Guid>? caseIds = null;
        List<Guid>? changedPersons = null;
        Dictionary<Guid, Case>? trackedCases = null;
        Dictionary<Guid, CaseStatistics>? trackedRows = null;
        Dictionary<Guid, Person>? trackedPersons = null;
        Dictionary<Guid, OrganisationKind>? kinds = null;
        HashSet<Guid>? addedCases = null;
        foreach (var e in db.ChangeTracker.Entries())
        {
            switch (e.Entity)
            {
                case Case c when e.State is not (EntityState.Deleted or EntityState.Detached):
                    (trackedCases ??= [])[c.Id] = c;
                    if (e.State == EntityState.Added) (addedCases ??= []).Add(c.Id);
                    if (e.State is EntityState.Added or EntityState.Modified) (caseIds ??= []).Add(c.Id);
                    break;
                case CaseEvent ev when e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted:
                    (caseIds ??= []).Add(ev.CaseId);
                    break;
                case Person p when e.State != EntityState.Detached:
                    (trackedPersons ??= [])[p.Id] = p;
                    if (e.State == EntityState.Modified && (e.Property(nameof(Person.Gender)).IsModified || e.Property(nameof(Person.Citizenships)).IsModified))
                    {
                        (changedPersons ??= []).Add(p.Id);
                    }

                    break;
                case CaseStatistics s when e.State != EntityState.Detached:
                    (trackedRows ??= [])[s.CaseId] = s;
                    break;
                case Organisation o:
                    (kinds ??= [])[o.Id] = o.Kind;
                    break;
            }
        }

        if (caseIds is null && changedPersons is null) return;
        caseIds ??= [];
        trackedCases ??= [];
        trackedRows ??= [];
        trackedPersons ??= [];
        kinds ??= [];
        if (changedPersons is not null)
        {
            caseIds.UnionWith(await db.Cases.Where(c => changedPersons.Contains(c.PersonId)).Select(c => c.Id).ToListAsync(ct));
        }

        // Cases not tracked here (other cases of a person whose gender changed) are read without tracking.
        var untrackedIds = caseIds.Where(id => !trackedCases.ContainsKey(id)).ToList();
        var untracked = untrackedIds.Count == 0 ? [] : await db.Cases.AsNoTracking().Include(c => c.Events).Where(c => untrackedIds.Contains(c.Id)).ToListAsync(ct);

        var cases = new List<(Case Case, IEnumerable<CaseEvent> Events)>();
        foreach (var id in caseIds)
        {
            if (!trackedCases.TryGetValue(id, out var c)) continue;
            var entry = db.Entry(c);
            if (entry.State != EntityState.Added && !entry.Collection(x => x.Events).IsLoaded) await entry.Collection(x => x.Events).LoadAsync(ct);
            cases.Add((c, c.Events));
        }

        cases.AddRange(untracked.Select(c => (c, (IEnumerable<CaseEvent>)c.Events)));
        if (cases.Count == 0) return;

        var missingPersons = cases.Select(x => x.Case.PersonId).Where(id => !trackedPersons.ContainsKey(id)).Distinct().ToList();
        var persons = trackedPersons.ToDictionary(p => p.Key, p => (p.Value.Gender, p.Value.Citizenships));
        if (missingPersons.Count > 0)
        {
            foreach (var p in await db.Persons.AsNoTracking().Where(p => missingPersons.Contains(p.Id)).Select(p => new { p.Id, p.Gender, p.Citizenships }).ToListAsync(ct))
            {
                persons[p.Id] = (p.Gender, p.Citizenships);
            }
        }

        var missingKinds = cases.Select(x => x.Case.OrganisationId).Where(id => !kinds.ContainsKey(id)).Distinct().ToList();
        if (missingKinds.Count > 0)
        {
            foreach (var o in await db.Organisations.AsNoTracking().Where(o => missingKinds.Contains(o.Id)).Select(o => new { o.Id, o.Kind }).ToListAsync(ct))
            {
                kinds[o.Id] = o.Kind;
            }
        }

        // Rows of cases saved before (not added in this unit of work) and not yet tracked come from the database.
        var storedIds = cases.Select(x => x.Case.Id).Where(id => addedCases?.Contains(id) != true && !trackedRows.ContainsKey(id)).ToList();
        if (storedIds.Count > 0)
        {
            foreach (var row in await db.Set<CaseStatistics>().Where(s => storedIds.Contains(s.CaseId)).ToListAsync(ct))
            {
                trackedRows[row.CaseId] = row;
            }
        }

        var projection = new StatisticsProjection();
        foreach (var (c, events) in cases)
        {
            var (gender, citizenships) = persons[c.PersonId];
            if (trackedRows.TryGetValue(c.Id, out var row))
            {
                projection.Fill(row, c, gender, citizenships, kinds[c.OrganisationId], events);
            }
            else
            {
                db.Add(projection.Row(c, gender, citizenships, kinds[c.OrganisationId], events));
            }
        }
    }

    /// <summary>
    /// Adds the rows of cases that have none — after the migration that introduced the projection, or after cases
    /// were inserted by a path that bypassed <c>SaveChanges</c>. Cheap when nothing is missing (two counts).
    /// Returns the number of rows written.
    /// </summary>
    public static async Task<int> BackfillAsync(PalermoDbContext db, CancellationToken ct = default)
    {
        if (await db.Cases.CountAsync(ct) == await db.Set<CaseStatistics>().CountAsync(ct)) return 0;

        // Sequential scans joined in memory (a join to Person costs a random lookup per case on SQLite).
        var kinds = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Kind, ct);
        var persons = new Dictionary<Guid, (Gender Gender, string Citizenships)>();
        await foreach (var p in db.Persons.AsNoTracking().Select(p => new { p.Id, p.Gender, p.Citizenships }).AsAsyncEnumerable().WithCancellation(ct))
        {
            persons[p.Id] = (p.Gender, p.Citizenships);
        }

        var events = new Dictionary<Guid, List<CaseEvent>>();
        await foreach (var e in db.Set<CaseEvent>().AsNoTracking()
            .Where(e => e.Type == TraffickingEventType.Recruitment || e.Type == TraffickingEventType.Exploitation)
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!events.TryGetValue(e.CaseId, out var list)) events[e.CaseId] = list = new List<CaseEvent>(2);
            list.Add(e);
        }

        var projection = new StatisticsProjection();
        var rows = new List<CaseStatistics>();
        var missing = db.Cases.AsNoTracking().Where(c => !db.Set<CaseStatistics>().Any(s => s.CaseId == c.Id));
        await foreach (var c in missing.AsAsyncEnumerable().WithCancellation(ct))
        {
            var (gender, citizenships) = persons[c.PersonId];
            rows.Add(projection.Row(c, gender, citizenships, kinds[c.OrganisationId], events.TryGetValue(c.Id, out var list) ? list : []));
        }

        persons.Clear();
        events.Clear();
        await WriteAsync(db, rows, ct);
        return rows.Count;
    }

    /// <summary>
    /// Inserts rows inside the context's current transaction (one is opened when there is none) through the shared
    /// <see cref="BulkInserter"/> (prepared INSERT on SQLite, binary COPY on PostgreSQL). For bulk paths that bypass
    /// <c>SaveChanges</c>; the rows must not exist yet.
    /// </summary>
    public static async Task WriteAsync(PalermoDbContext db, IReadOnlyList<CaseStatistics> rows, CancellationToken ct = default)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (var bulk = await BulkInserter.OpenAsync(db, ct))
        {
            await bulk.InsertAsync(rows, ct);
        }

        if (own is not null) await own.CommitAsync(ct);
    }
}
