using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases.Htcds;

public sealed record ImportHtcdsResult(int Imported, int Skipped, IReadOnlyList<HtcdsError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports an HTCDS CSV file into the actor's organisation, all or nothing: every row is read and validated first and
/// every problem reported; only a clean file is stored, in one transaction with one audit entry. A row whose
/// <c>pal_ExternalId</c> the organisation already has is skipped (not updated: an import must not overwrite what case
/// workers have since recorded), so importing the same file twice creates no duplicates.
/// </summary>
public sealed class ImportHtcds(PalermoDbContext db, PersonCrypto crypto, BlindIndex index, NameEncoder encoder)
{
    public async Task<ImportHtcdsResult> HandleAsync(Stream csv, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ImportExportCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var now = db.UtcNow;
        var errors = new List<HtcdsError>();
        var rows = HtcdsFile.Read(csv, now, errors);
        if (errors.Count > 0) return new ImportHtcdsResult(0, 0, errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var known = (await db.Cases.Where(c => c.OrganisationId == org && c.ExternalId != null).Select(c => c.ExternalId!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = rows.Where(r => !known.Contains(r.ExternalId)).ToList();
        var next = new Dictionary<int, long>();
        foreach (var year in fresh.GroupBy(r => r.Facts.IdentificationDate.Year))
        {
            next[year.Key] = await CaseReferences.ReserveAsync(db, year.Key, year.Count(), ct);
        }

        // Every entity is built in memory first (sealing and encoding spread over the cores), so a row the domain
        // refuses is reported before anything is written; then all rows go in with one bulk write.
        var references = new string[fresh.Count];
        for (var i = 0; i < fresh.Count; i++)
        {
            var year = fresh[i].Facts.IdentificationDate.Year;
            references[i] = CaseReferences.Format(year, next[year]++);
        }

        var built = CaseBulk.Build(Enumerable.Range(0, fresh.Count).ToList(), crypto.Ring, (i, c) => Build(fresh[i], references[i], org, now, c),
            (i, ex) => errors.Add(new HtcdsError(fresh[i].Row, string.IsNullOrEmpty(ex.Field) ? null : HtcdsColumns.ForField(ex.Field), ex.Message)), ct);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            await tx.RollbackAsync(ct);
            return new ImportHtcdsResult(0, 0, errors.OrderBy(e => e.Row).ToList());
        }

        var kind = await db.Organisations.Where(o => o.Id == org).Select(o => o.Kind).SingleAsync(ct);
        await using (var bulk = await BulkInserter.OpenAsync(db, ct))
        {
            await CaseBulk.PrepareAsync(bulk, fresh.Count, ct);
            await CaseBulk.WriteAsync(bulk, built!, _ => kind, new Palermo.Statistics.StatisticsProjection(), ct);
        }

        if (fresh.Count > 0) await PersonEncodingStamp.BumpAsync(db, org, ct);
        db.Audit(AuditEvent.CasesImported, actor, nameof(Case), fresh.Count, $"import: {fresh.Count} imported, {rows.Count - fresh.Count} skipped");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await CaseBulk.AfterLoadAsync(db, fresh.Count, ct);
        return new ImportHtcdsResult(fresh.Count, rows.Count - fresh.Count, []);
    }

    private NewCase Build(HtcdsImportRow row, string reference, Guid org, DateTime now, PersonCrypto crypto)
    {
        var person = Person.Register(org, row.Person, crypto, index, now);
        person.SetEncoding(encoder.Encode(row.Person));
        var c = Case.Open(reference, org, person, row.Facts, null, crypto, now);
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
        return new NewCase(person, c, plan, consent);
    }
}
