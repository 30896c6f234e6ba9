using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases.Htcds;
using Palermo.Data;

namespace Palermo.Audit;

/// <summary>
/// Every audit entry matching the officer's filters as one CSV file, newest first: for an inquiry, a complaint or an
/// external auditor, where paging through a hundred entries at a time will not do. The same filters and names as the
/// page (<see cref="AuditLogFilter"/>); entries are read in batches by sequence number, so memory stays flat however
/// many match. The export is audited with its count once the file is complete.
/// </summary>
public sealed class ExportAuditEntries(PalermoDbContext db)
{
    public const int DefaultBatchSize = 1000;

    public static readonly IReadOnlyList<string> Columns =
        ["sequence", "at_utc", "by", "event", "record_type", "record_id", "case_reference", "account", "purpose", "network_address"];

    /// <summary>
    /// Validates the filters before writing anything (a bad filter is a field error and an empty writer), then writes the
    /// header and every matching entry. Returns how many entries were written.
    /// </summary>
    public async Task<int> HandleAsync(AuditLogQuery q, Actor actor, TextWriter output, CancellationToken ct = default, int batchSize = DefaultBatchSize)
    {
        if (!actor.Has(Permission.ViewAuditLog) || actor.OrganisationId is not { } org) throw new NotFoundException();
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        var selection = await AuditLogFilter.ApplyAsync(db, q, org, ct);
        var csv = new CsvWriter(output);
        csv.WriteRow(Columns);
        var count = 0;
        long? before = null;
        while (true)
        {
            var batch = selection.Entries;
            if (before is { } b) batch = batch.Where(e => e.Sequence < b);
            var rows = await AuditLogFilter.Rows(batch.OrderByDescending(e => e.Sequence).Take(batchSize)).ToListAsync(ct);
            if (rows.Count == 0) break;
            foreach (var l in await AuditLogFilter.NameAsync(db, org, rows, ct))
            {
                // Every text cell may come from outside (an account address, a purpose naming a file, a client address
                // from a proxy header): neutralised, so a spreadsheet shows it rather than runs it.
                csv.WriteRow([
                    l.Sequence.ToString(CultureInfo.InvariantCulture), l.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    CsvWriter.Neutralise(l.By), l.Event, CsvWriter.Neutralise(l.EntityType ?? ""), CsvWriter.Neutralise(l.EntityId ?? ""),
                    l.CaseReference ?? "", CsvWriter.Neutralise(l.Account ?? ""), CsvWriter.Neutralise(l.Purpose ?? ""), CsvWriter.Neutralise(l.ClientAddress ?? ""),
                ]);
            }

            count += rows.Count;
            if (rows.Count < batchSize) break;
            before = rows[^1].Sequence;
        }

        await output.FlushAsync(ct);
        var filters = selection.Description(q.Before is { Length: > 0 } ? "older than an entry" : null);
        selection.Audit(db, AuditEvent.AuditLogExported, actor, $"audit log exported (CSV): {count} entries" + (filters.Length > 0 ? $"; {filters}" : ""));
        await db.SaveChangesAsync(ct);
        return count;
    }
}
