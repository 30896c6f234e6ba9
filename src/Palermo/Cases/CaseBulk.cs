using Microsoft.EntityFrameworkCore;
using Palermo.Assistance;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Privacy;
using Palermo.Statistics;

namespace Palermo.Cases;

/// <summary>
/// A person and their case, built in memory for a bulk write: with an imported support plan and assistance consent, if
/// any; the demo adds consents, a referral and services along the referral mechanism's path.
/// </summary>
public sealed record NewCase(Person Person, Case Case, SupportPlan? Plan = null, IReadOnlyList<ConsentRecord>? Consents = null,
    Referrals.Referral? Referral = null, IReadOnlyList<ServiceRecord>? Services = null);

/// <summary>
/// The bulk write path shared by the demo seeder and the HTCDS import: entities are built in memory through the
/// same domain methods as a single registration (validation, per-person data keys, sealing, blind indexes, linkage
/// encodings), spread over the cores, then written table by table with <see cref="BulkInserter"/> inside the
/// caller's one transaction. The caller reserves case references and writes the audit entry.
/// </summary>
public static class CaseBulk
{
    /// <summary>
    /// Builds every item in parallel. <see cref="PersonCrypto"/> is not thread-safe, so each worker gets its own,
    /// which wipes the plaintext data keys it held when the worker finishes. A <see cref="DomainException"/> from an
    /// item is handed to <paramref name="onError"/> (with the item's index) and leaves a null in its place.
    /// </summary>
    public static NewCase?[] Build<T>(IReadOnlyList<T> items, MasterKeyRing ring, Func<T, PersonCrypto, NewCase> build,
        Action<int, DomainException>? onError, CancellationToken ct)
    {
        var built = new NewCase?[items.Count];
        if (items.Count == 0) return built;
        var options = new ParallelOptions { CancellationToken = ct };
        // Ranges rather than single items: one PersonCrypto per range keeps its dictionary of open keys small.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, items.Count, 2048), options, range =>
        {
            using var crypto = new PersonCrypto(ring);
            for (var i = range.Item1; i < range.Item2; i++)
            {
                try
                {
                    built[i] = build(items[i], crypto);
                }
                catch (DomainException ex) when (onError is not null)
                {
                    lock (built) onError(i, ex);
                }
            }
        });
        return built;
    }

    /// <summary>
    /// Writes the entities in foreign-key order: data keys, persons, cases, then the cases' events, assignments,
    /// support plans, consents, referrals and services, and each case's de-identified statistics row (which <c>SaveChanges</c> would
    /// otherwise add — this path bypasses it). <paramref name="kindOf"/> gives an organisation's kind.
    /// </summary>
    public static async Task WriteAsync(BulkInserter bulk, IReadOnlyList<NewCase> cases, Func<Guid, OrganisationKind> kindOf,
        StatisticsProjection projection, CancellationToken ct)
    {
        await bulk.InsertAsync(cases.Select(c => c.Person.DataKey).ToList(), ct);
        await bulk.InsertAsync(cases.Select(c => c.Person).ToList(), ct);
        await bulk.InsertAsync(cases.Select(c => c.Case).ToList(), ct);
        await bulk.InsertAsync(cases.SelectMany(c => c.Case.Events).ToList(), ct);
        await bulk.InsertAsync(cases.SelectMany(c => c.Case.Assignments).ToList(), ct);
        await bulk.InsertAsync(cases.Where(c => c.Plan is not null).Select(c => c.Plan!).ToList(), ct);
        await bulk.InsertAsync(cases.SelectMany(c => c.Consents ?? []).ToList(), ct);
        await bulk.InsertAsync(cases.Where(c => c.Referral is not null).Select(c => c.Referral!).ToList(), ct);
        await bulk.InsertAsync(cases.SelectMany(c => c.Services ?? []).ToList(), ct);
        await bulk.InsertAsync(cases.Select(c => projection.Row(c.Case, c.Person, kindOf(c.Case.OrganisationId))).ToList(), ct);
    }

    /// <summary>The tables <see cref="WriteAsync"/> fills.</summary>
    public static readonly IReadOnlyList<Type> Tables =
        [typeof(DataKey), typeof(Person), typeof(Case), typeof(CaseEvent), typeof(CaseAssignment), typeof(SupportPlan), typeof(ConsentRecord), typeof(Referrals.Referral), typeof(ServiceRecord), typeof(CaseStatistics)];

    /// <summary>The tables an HTCDS import fills: no referrals or service records (an import creates neither).</summary>
    public static readonly IReadOnlyList<Type> ImportTables =
        [typeof(DataKey), typeof(Person), typeof(Case), typeof(CaseEvent), typeof(CaseAssignment), typeof(SupportPlan), typeof(ConsentRecord), typeof(CaseStatistics)];

    /// <summary>
    /// Before writing <paramref name="cases"/> cases: a load of 10,000 or more into tables holding fewer rows builds
    /// their secondary indexes after the rows are in (<see cref="BulkInserter.DeferIndexesAsync"/>) instead of
    /// inserting into them row by row. The caller then ends with <see cref="BulkInserter.BuildDeferredIndexesAsync"/>.
    /// Only <paramref name="tables"/> are considered: the ones the load writes (<see cref="Tables"/> or
    /// <see cref="ImportTables"/>), so no other table's indexes are dropped or locked.
    /// Returns the tables that held fewer rows than the load, for <see cref="AfterLoadAsync"/>.
    /// <paramref name="keysToOtherTables"/>: the demo seed's choice, see <see cref="BulkInserter.DeferIndexesAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(BulkInserter bulk, int cases, IReadOnlyList<Type> tables, bool keysToOtherTables, CancellationToken ct) =>
        cases >= 10_000 ? await bulk.DeferIndexesAsync(tables, cases, keysToOtherTables, ct) : [];

    /// <summary>
    /// After a large bulk load has committed, on PostgreSQL: VACUUM (ANALYZE) the tables it filled, so the planner
    /// knows their new size and the visibility map lets counts use index-only scans — otherwise, until autovacuum
    /// comes round, every list count visits the heap row by row. Loads under 100,000 cases leave it to autovacuum:
    /// their heap visits cost a few milliseconds per count, while the VACUUM costs 0.3–0.5 s whatever the size (a
    /// third of a 10,000-row import).
    /// Only the tables the load at least doubled (<paramref name="small"/>, from <see cref="PrepareAsync"/>) are
    /// vacuumed. A table that already held more rows than the load keeps its statistics roughly right, most of its
    /// pages stay all-visible, and autovacuum analyses it once a tenth of it has changed. Vacuuming those anyway cost
    /// 3.5 s of a 100,000-row import into a database of 1,000,000 cases (sampling and scanning tables of a million
    /// rows), against which a count of the 100,000 new cases took 46 ms instead of 39 ms (docs/performance.md).
    /// </summary>
    public const int VacuumAfter = 100_000;

    /// <summary>The tables <see cref="AfterLoadAsync"/> may vacuum: those the list, search and statistics queries read.</summary>
    private static readonly string[] Vacuumed = ["Person", "Case", "CaseEvent", "CaseStatistics", "Consent", "Referral", "ServiceRecord"];

    public static async Task AfterLoadAsync(PalermoDbContext db, int rows, IReadOnlyCollection<string> small, CancellationToken ct)
    {
        if (!db.IsPostgres || rows < VacuumAfter) return;
        var tables = Vacuumed.Where(small.Contains).Select(t => "\"" + t + "\"").ToList();
        if (tables.Count == 0) return;
        // Names from the fixed list above, never from input.
        var sql = "VACUUM (ANALYZE) " + string.Join(", ", tables);
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }
}
