using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases.Htcds;

public sealed record ImportHtcdsResult(int Imported, int Skipped, IReadOnlyList<HtcdsError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>The HTCDS columns of the file that were left out, unread (only when the import asked to skip them), in file order.</summary>
    public IReadOnlyList<string> SkippedColumns { get; init; } = [];
}

/// <summary>
/// Imports an HTCDS CSV file into the actor's organisation, all or nothing: every row is read and validated first and
/// every problem reported; only a clean file is stored, in one transaction with one audit entry. A row whose
/// <c>pal_ExternalId</c> the organisation already has is skipped (not updated: an import must not overwrite what case
/// workers have since recorded), so importing the same file twice creates no duplicates.
/// </summary>
public sealed class ImportHtcds(PalermoDbContext db, PersonCrypto crypto, BlindIndex index, NameEncoder encoder)
{
    /// <summary>
    /// With <paramref name="skipUnsupported"/>, HTCDS columns Palermo does not read (the perpetrator columns beyond
    /// role, names, gender, birth date, age and citizenship) are left out and listed in <see cref="ImportHtcdsResult.SkippedColumns"/>;
    /// without it a file with them is refused. Columns that are not HTCDS columns at all are always refused.
    /// </summary>
    public async Task<ImportHtcdsResult> HandleAsync(Stream csv, Actor actor, bool skipUnsupported = false, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ImportExportCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var now = db.UtcNow;
        var errors = new List<HtcdsError>();
        var skippedColumns = new List<string>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var known = (await db.Cases.Where(c => c.OrganisationId == org && c.ExternalId != null).Select(c => c.ExternalId!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        // An erased case keeps its external id only as a keyed pseudonym: a re-import of the old file must still skip it.
        var erasedId = known.Any(k => k.StartsWith(Erasure.ExternalIdPrefix, StringComparison.Ordinal)) ? Erasure.ExternalIdPseudonyms(index) : null;
        // Palermo's export writes a registered case's reference as its external id. Importing that file into the same
        // organisation again must not duplicate those cases: a row whose external id is one of the organisation's own
        // references, with the same identification date, is that case. (The date guards against another Palermo
        // installation's file, whose references are numbered independently and may coincide with ours.)
        var ownReferences = await db.Cases.Where(c => c.OrganisationId == org).Select(c => new { c.Reference, c.IdentificationDate }).ToDictionaryAsync(c => c.Reference, c => c.IdentificationDate, StringComparer.Ordinal, ct);
        var kind = await db.Organisations.Where(o => o.Id == org).Select(o => o.Kind).SingleAsync(ct);

        // Reading, building and writing overlap: every row that passes validation goes (in batches) to builders on the
        // other cores, which seal, index and encode it, and built batches are written in file order while later rows
        // are still being read. The reader waits when a few batches are ahead of the writer (see RowBuilders.InFlight).
        // All of it happens inside one transaction: the first error (a bad cell, or a row the domain refuses while
        // building) stops the writing, the rest of the file is still read so that every problem is reported, and the
        // transaction is rolled back — nothing of a file with errors is stored.
        var fresh = 0;
        int rows;
        List<HtcdsError> buildErrors;
        var next = new Dictionary<int, long>();
        IReadOnlyList<string> small;
        await using (var bulk = await BulkInserter.OpenAsync(db, ct))
        {
            small = await CaseBulk.PrepareAsync(bulk, EstimatedRows(csv), CaseBulk.ImportTables, keysToOtherTables: false, ct);
            var building = new RowBuilders(this, crypto.Ring, org, now, ct);
            var writing = Task.Run(() => WriteInOrderAsync(building, bulk, kind, next, ct), ct);
            try
            {
                // On a thread of its own: it blocks while the writer catches up, which must not hold a pool thread.
                rows = await Task.Factory.StartNew(() => HtcdsFile.Read(csv, now, errors, row =>
                {
                    ct.ThrowIfCancellationRequested();
                    // The writer failed (the database refused a write, the connection broke): nothing more can be
                    // stored, so reading stops here instead of building the rest of the file for nobody. The writer's
                    // own error is what the caller gets.
                    if (building.WriterFailed) throw new OperationCanceledException("The import's writer stopped.");
                    if (known.Contains(row.ExternalId) || erasedId is not null && known.Contains(erasedId(row.ExternalId)) || errors.Count > 0) return;
                    if (ownReferences.TryGetValue(row.ExternalId, out var identified) && identified == row.Facts.IdentificationDate) return;
                    building.Add(row);
                    fresh++;
                }, skipUnsupported ? skippedColumns : null), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            finally
            {
                // The writer must have stopped before the transaction and its connection are disposed, even when
                // completing throws (a cancellation while the last batch waits for a slot): otherwise a COPY still
                // running on the connection made closing it fail, and that error hid the cancellation.
                try
                {
                    building.Complete(stopWriting: errors.Count > 0);
                }
                finally
                {
                    buildErrors = await writing;
                }
            }

            if (errors.Count == 0) errors.AddRange(buildErrors.OrderBy(e => e.Row));
            if (errors.Count > 0)
            {
                db.ChangeTracker.Clear();
                await tx.RollbackAsync(ct);
                return new ImportHtcdsResult(0, 0, errors) { SkippedColumns = skippedColumns };
            }

            await bulk.BuildDeferredIndexesAsync(ct);
        }

        foreach (var counter in db.ChangeTracker.Entries<CaseReferenceCounter>()) counter.Entity.Next = next[counter.Entity.Year];
        if (fresh > 0) await PersonEncodingStamp.BumpAsync(db, org, ct);
        // A count (the names may not fit the purpose's 200 characters): the record shows that data offered in the file was deliberately left out.
        var purpose = $"import: {fresh} imported, {rows - fresh} skipped";
        if (skippedColumns.Count > 0) purpose += $", {skippedColumns.Count} column(s) not read";
        db.Audit(AuditEvent.CasesImported, actor, nameof(Case), fresh, purpose);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await CaseBulk.AfterLoadAsync(db, fresh, small, ct);
        return new ImportHtcdsResult(fresh, rows - fresh, []) { SkippedColumns = skippedColumns };
    }

    /// <summary>
    /// A guess at the number of rows from the file's size (an HTCDS row with a person and a case is rarely under 250
    /// bytes), for one decision only: whether index builds are deferred to the end of a large load into near-empty
    /// tables. A wrong guess costs time, never correctness.
    /// </summary>
    private static int EstimatedRows(Stream csv) => csv.CanSeek ? (int)Math.Min(int.MaxValue, Math.Max(0, csv.Length - csv.Position) / 250) : 0;

    /// <summary>
    /// Writes built batches in file order, numbering their cases as registrations would have been numbered (each year's
    /// counter is locked on first use and advanced in memory; the caller stores the counters). Batches are gathered
    /// to a few thousand cases per write, which keeps PostgreSQL's COPY round trips few. After the first error it only
    /// waits for the remaining builders, to collect their errors; it returns the build errors.
    /// </summary>
    private async Task<List<HtcdsError>> WriteInOrderAsync(RowBuilders building, BulkInserter bulk, Organisations.OrganisationKind kind,
        Dictionary<int, long> next, CancellationToken ct)
    {
        const int WriteSize = 2048;
        var projection = new Palermo.Statistics.StatisticsProjection();
        var pending = new List<NewCase>(WriteSize + RowBuilders.Batch);
        try
        {
            await foreach (var batch in building.Batches.ReadAllAsync(ct))
            {
                var built = await batch;
                building.Taken();
                if (building.StopWriting || building.HasErrors)
                {
                    pending.Clear();
                    continue;
                }

                foreach (var c in built)
                {
                    var year = c!.Case.IdentificationDate.Year;
                    if (!next.TryGetValue(year, out var n)) n = await CaseReferences.ReserveAsync(db, year, 0, ct);
                    c.Case.Number(CaseReferences.Format(year, n));
                    next[year] = n + 1;
                    pending.Add(c);
                }

                if (pending.Count >= WriteSize)
                {
                    await CaseBulk.WriteAsync(bulk, pending, _ => kind, projection, ct);
                    pending.Clear();
                }
            }

            if (pending.Count > 0 && !building.StopWriting && !building.HasErrors) await CaseBulk.WriteAsync(bulk, pending, _ => kind, projection, ct);
            return building.Errors;
        }
        finally
        {
            // However the writer ends (an exception included), the reader must never wait for it again.
            building.WriterGone();
        }
    }

    private NewCase Build(HtcdsImportRow row, Guid org, DateTime now, PersonCrypto crypto)
    {
        var person = Person.Register(org, row.Person, crypto, index, now);
        person.SetEncoding(encoder.Encode(row.Person));
        var c = Case.Open("", org, person, row.Facts, null, crypto, now);
        c.SetExternalId(row.ExternalId);
        if (row.ReasonableGrounds is { } rg) c.RecordReasonableGrounds(rg.Date, rg.Outcome, rg.Reasons, crypto, now);
        if (row.ConclusiveGrounds is { } cg) c.RecordConclusiveGrounds(cg.Date, cg.Outcome, cg.Reasons, crypto, now);
        // A conclusive decision may have changed the status; the file's own status is what the sender recorded last.
        if (row.ConclusiveGrounds is not null) c.Update(row.Facts, crypto, now);
        if (row.Status == CaseStatus.FollowUp) c.FollowUp(now);
        else if (row.Status is CaseStatus.Closed or CaseStatus.ClosedReferred) c.Close(row.Status, row.ClosureReason, now);
        var plan = row.SupportPlan is { } facts ? Palermo.Assistance.SupportPlan.Create(c, facts, crypto, now) : null;
        var consent = row.Consent
            ? new Palermo.Consent.ConsentRecord(person.Id, org, Palermo.Consent.ConsentPurpose.Assistance, null, Palermo.Consent.ConsentRecordedAs.Written, null, now)
            : null;
        return new NewCase(person, c, plan, consent is null ? null : [consent]);
    }

    /// <summary>
    /// Builders fed while the file is read: rows arrive in batches and are built on the thread pool, each batch with
    /// its own <see cref="PersonCrypto"/> (not thread-safe; it wipes the plaintext keys it held when the batch ends).
    /// <see cref="Batches"/> hands the batches' results to the writer in file order.
    /// </summary>
    private sealed class RowBuilders(ImportHtcds owner, MasterKeyRing ring, Guid org, DateTime now, CancellationToken ct)
    {
        public const int Batch = 256;

        /// <summary>
        /// Batches read and built but not yet taken by the writer. Without a bound the reader and builders ran a second
        /// ahead of the writer (SQLite's or PostgreSQL's, the slowest stage): about 30 MB of built cases that every
        /// collection copied on to an older generation, and CPU time the writer needed spent on rows it could not
        /// take yet.
        /// </summary>
        public const int InFlight = 8;

        private readonly SemaphoreSlim _slots = new(InFlight);
        private volatile bool _writerGone;
        private volatile bool _completed;
        private readonly System.Threading.Channels.Channel<Task<NewCase?[]>> _batches = System.Threading.Channels.Channel.CreateUnbounded<Task<NewCase?[]>>(
            new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        private readonly List<HtcdsError> _errors = [];
        private List<HtcdsImportRow> _pending = new(Batch);
        private volatile bool _stopWriting;

        public System.Threading.Channels.ChannelReader<Task<NewCase?[]>> Batches => _batches.Reader;

        /// <summary>Set when the file had errors: nothing more is written (the transaction will be rolled back).</summary>
        public bool StopWriting => _stopWriting;

        public bool HasErrors
        {
            get
            {
                lock (_errors) return _errors.Count > 0;
            }
        }

        public List<HtcdsError> Errors
        {
            get
            {
                lock (_errors) return [.. _errors];
            }
        }

        public void Add(HtcdsImportRow row)
        {
            _pending.Add(row);
            if (_pending.Count == Batch) Flush();
        }

        public void Complete(bool stopWriting)
        {
            _completed = true;
            try
            {
                if (stopWriting) _stopWriting = true;
                else Flush();
            }
            finally
            {
                _batches.Writer.Complete();
            }
        }

        /// <summary>The writer took a batch: the reader may start another.</summary>
        public void Taken() => _slots.Release();

        /// <summary>The writer ended while rows were still being read: only an exception ends it that early.</summary>
        public bool WriterFailed => _writerGone && !_completed;

        public void WriterGone()
        {
            _writerGone = true;
            _slots.Release(); // wakes the reader if it is waiting; it checks the flag before any later wait
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            if (!_writerGone) _slots.Wait(ct);
            var rows = _pending;
            _pending = new(Batch);
            var work = Task.Run(() =>
            {
                var built = new NewCase?[rows.Count];
                using var crypto = new PersonCrypto(ring);
                for (var i = 0; i < rows.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    try
                    {
                        built[i] = owner.Build(rows[i], org, now, crypto);
                    }
                    catch (DomainException ex)
                    {
                        lock (_errors) _errors.Add(new HtcdsError(rows[i].Row, string.IsNullOrEmpty(ex.Field) ? null : HtcdsColumns.ForField(ex.Field), ex.Message));
                    }
                }

                return built;
            }, ct);
            _batches.Writer.TryWrite(work);
        }
    }
}
