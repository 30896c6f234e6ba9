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
    /// With <paramref name="skipUnsupported"/>, HTCDS columns Palermo does not read (perpetrators, incoming referrals,
    /// mailing address, organisation type) are left out and listed in <see cref="ImportHtcdsResult.SkippedColumns"/>;
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

        // Validation and building overlap: every row that passes validation goes (in batches) to builders on the other
        // cores, which seal, index and encode it while later rows are still being read. Nothing is stored before the
        // whole file has been read and found clean; a row the domain refuses while building is reported the same way.
        var fresh = new List<HtcdsImportRow>();
        var building = new RowBuilders(this, crypto.Ring, org, now, ct);
        IReadOnlyList<HtcdsImportRow> rows;
        List<HtcdsError> buildErrors;
        try
        {
            rows = HtcdsFile.Read(csv, now, errors, row =>
            {
                if (known.Contains(row.ExternalId) || errors.Count > 0) return;
                fresh.Add(row);
                building.Add(fresh.Count - 1, row);
            }, skipUnsupported, skippedColumns);
        }
        finally
        {
            buildErrors = await building.CompleteAsync();
        }

        if (errors.Count == 0) errors.AddRange(buildErrors.OrderBy(e => e.Row));
        if (errors.Count > 0)
        {
            building.Discard();
            db.ChangeTracker.Clear();
            await tx.RollbackAsync(ct);
            return new ImportHtcdsResult(0, 0, errors) { SkippedColumns = skippedColumns };
        }

        var next = new Dictionary<int, long>();
        foreach (var year in fresh.GroupBy(r => r.Facts.IdentificationDate.Year))
        {
            next[year.Key] = await CaseReferences.ReserveAsync(db, year.Key, year.Count(), ct);
        }

        // Numbered in file order, as registrations would have been.
        var built = building.Built;
        for (var i = 0; i < fresh.Count; i++)
        {
            var year = fresh[i].Facts.IdentificationDate.Year;
            built[i]!.Case.Number(CaseReferences.Format(year, next[year]++));
        }

        var kind = await db.Organisations.Where(o => o.Id == org).Select(o => o.Kind).SingleAsync(ct);
        await using (var bulk = await BulkInserter.OpenAsync(db, ct))
        {
            await CaseBulk.PrepareAsync(bulk, fresh.Count, ct);
            await CaseBulk.WriteAsync(bulk, built!, _ => kind, new Palermo.Statistics.StatisticsProjection(), ct);
            await bulk.BuildDeferredIndexesAsync(ct);
        }

        if (fresh.Count > 0) await PersonEncodingStamp.BumpAsync(db, org, ct);
        // A count (the names may not fit the purpose's 200 characters): the record shows that data offered in the file was deliberately left out.
        var purpose = $"import: {fresh.Count} imported, {rows.Count - fresh.Count} skipped";
        if (skippedColumns.Count > 0) purpose += $", {skippedColumns.Count} column(s) not read";
        db.Audit(AuditEvent.CasesImported, actor, nameof(Case), fresh.Count, purpose);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await CaseBulk.AfterLoadAsync(db, fresh.Count, ct);
        return new ImportHtcdsResult(fresh.Count, rows.Count - fresh.Count, []) { SkippedColumns = skippedColumns };
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
    /// its own <see cref="PersonCrypto"/> (not thread-safe; it wipes the plaintext keys it held when the batch ends)
    /// and its own results, gathered in row order when the file is done.
    /// </summary>
    private sealed class RowBuilders(ImportHtcds owner, MasterKeyRing ring, Guid org, DateTime now, CancellationToken ct)
    {
        private const int Batch = 256;
        private readonly List<(List<(int Index, HtcdsImportRow Row)> Rows, NewCase?[] Built, Task Work)> _batches = [];
        private readonly List<HtcdsError> _errors = [];
        private List<(int Index, HtcdsImportRow Row)> _pending = new(Batch);
        private int _count;

        public NewCase?[] Built { get; private set; } = [];

        public void Add(int index, HtcdsImportRow row)
        {
            _pending.Add((index, row));
            _count = Math.Max(_count, index + 1);
            if (_pending.Count == Batch) Flush();
        }

        public async Task<List<HtcdsError>> CompleteAsync()
        {
            Flush();
            await Task.WhenAll(_batches.Select(b => b.Work));
            var all = new NewCase?[_count];
            foreach (var (rows, built, _) in _batches)
            {
                for (var i = 0; i < rows.Count; i++) all[rows[i].Index] = built[i];
            }

            Built = all;
            return _errors;
        }

        public void Discard()
        {
            _batches.Clear();
            Built = [];
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var rows = _pending;
            _pending = new(Batch);
            var built = new NewCase?[rows.Count];
            var work = Task.Run(() =>
            {
                using var crypto = new PersonCrypto(ring);
                for (var i = 0; i < rows.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    try
                    {
                        built[i] = owner.Build(rows[i].Row, org, now, crypto);
                    }
                    catch (DomainException ex)
                    {
                        lock (_errors) _errors.Add(new HtcdsError(rows[i].Row.Row, string.IsNullOrEmpty(ex.Field) ? null : HtcdsColumns.ForField(ex.Field), ex.Message));
                    }
                }
            }, ct);
            _batches.Add((rows, built, work));
        }
    }
}
