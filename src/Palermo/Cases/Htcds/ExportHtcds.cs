using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases.Htcds;

public enum ExportFormat
{
    Htcds = 1,
    Json = 2,
}

public sealed record ExportHtcdsResult(int Exported, int SkippedErased, string Path);

/// <summary>
/// Writes every case the actor's organisation owns (not cases it only receives by referral) with the person's
/// details opened: HTCDS CSV, or JSON with the same field names. The opening is audited (one CasesExported entry,
/// purpose "export"). The file is written beside its target under a temporary name and moved into place only when
/// complete, so a failure never leaves a partial file. Cases of erased persons are left out: their data is gone.
/// </summary>
public sealed class ExportHtcds(PalermoDbContext db, PersonCrypto crypto)
{
    private Dictionary<Guid, Palermo.Assistance.SupportPlan> _plans = [];
    private Dictionary<Guid, bool> _consents = [];
    private Dictionary<Guid, (DateTime At, string To)> _referrals = [];
    private Palermo.Organisations.HtcdsOrganisationType? _type;

    public async Task<ExportHtcdsResult> HandleAsync(ExportFormat format, string path, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ImportExportCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var target = Path.GetFullPath(path);
        // Refused before anything is written or audited: the move at the end would fail after the audit entry was saved.
        if (Directory.Exists(target)) throw new DomainException("path", "That is a folder; name a file.");
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        RemoveStaleTemporaryFiles(target);
        var cases = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == org)
            .Include(c => c.Person).ThenInclude(p => p.DataKey).Include(c => c.Events)
            .OrderBy(c => c.Reference).AsSplitQuery().ToListAsync(ct);
        var live = cases.Where(c => !c.Person.IsErased).ToList();
        // org_Type: the owning organisation's kind as HTCDS names it (empty for a kind HTCDS has no type for).
        _type = Palermo.Organisations.HtcdsOrganisationTypes.Of(await db.Organisations.Where(o => o.Id == org).Select(o => o.Kind).SingleAsync(ct));
        // One query for the organisation's plans, joined in memory (a plan per case would be a query per row).
        _plans = (await db.Set<Palermo.Assistance.SupportPlan>().AsNoTracking().Join(db.Cases.Where(c => c.OrganisationId == org), p => p.CaseId, c => c.Id, (p, c) => p)
            .ToListAsync(ct)).ToDictionary(p => p.CaseId);
        // Assistance consent per person: true when one is in force, false when every one was withdrawn.
        _consents = (await db.Consents.AsNoTracking().Where(k => k.OrganisationId == org && k.Purpose == Palermo.Consent.ConsentPurpose.Assistance)
            .Select(k => new { k.PersonId, Active = k.WithdrawnAt == null }).ToListAsync(ct))
            .GroupBy(k => k.PersonId).ToDictionary(g => g.Key, g => g.Any(k => k.Active));
        // Only referrals that actually referred the person: accepted by the receiver (also once its access has ended)
        // or completed. Not one still pending or awaiting a consent override's approval (nobody took the person on yet),
        // nor one declined, withdrawn or whose override was refused: the person was never referred there, and such a
        // referral must not hide an earlier one that was taken up.
        _referrals = (await (from r in db.Referrals.AsNoTracking().Where(r => r.FromOrganisationId == org
                                 && (r.State == Palermo.Referrals.ReferralState.Accepted || r.State == Palermo.Referrals.ReferralState.Completed))
                             join o in db.Organisations on r.ToOrganisationId equals o.Id
                             select new { r.CaseId, r.CreatedAt, o.Name }).ToListAsync(ct))
            .GroupBy(r => r.CaseId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.CreatedAt).Select(r => (r.CreatedAt, r.Name)).First());
        try
        {
            await using (var file = new FileStream(temp, CreateOptions()))
            {
                if (format == ExportFormat.Json) await WriteJsonAsync(file, live, ct);
                else await WriteCsvAsync(file, live, ct);
            }

            // A bulk read has no single entity: the entry's id carries the number of cases opened.
            db.Audit(AuditEvent.CasesExported, actor, nameof(Case), live.Count, "export");
            await db.SaveChangesAsync(ct);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }

        return new ExportHtcdsResult(live.Count, cases.Count - live.Count, target);
    }

    /// <summary>
    /// A temporary file holds every exported person in clear until it is renamed. An export that is cancelled or fails
    /// deletes its own, but a process killed outright (SIGKILL, out of memory, power) cannot: the next export to the
    /// same file removes such leftovers. Only files untouched for <see cref="StaleAfter"/> go — an export still being
    /// written keeps touching its file.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    public static void RemoveStaleTemporaryFiles(string target)
    {
        var dir = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(dir)) return;
        RemoveStale(Directory.EnumerateFiles(dir, $".{Path.GetFileName(target)}.*.tmp").Where(file =>
        {
            var name = Path.GetFileName(file);
            var middle = name.Length - ".tmp".Length - 32;
            return middle > 0 && Guid.TryParseExact(name.AsSpan(middle, 32), "N", out _);
        }));
    }

    /// <summary>Deletes those of <paramref name="files"/> untouched for <see cref="StaleAfter"/>.</summary>
    public static void RemoveStale(IEnumerable<string> files)
    {
        // File times come from the real clock, so they are compared with the real clock (not the injected one).
        var cutoff = TimeProvider.System.GetUtcNow().UtcDateTime - StaleAfter;
        foreach (var file in files)
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff) File.Delete(file);
            }
            catch (IOException)
            {
                // Gone already, or in use: the next export tries again.
            }
        }
    }

    private HtcdsLinked Linked(Case c)
    {
        var referred = _referrals.TryGetValue(c.Id, out var r) ? r : default;
        return new HtcdsLinked(_plans.GetValueOrDefault(c.Id), _consents.TryGetValue(c.PersonId, out var k) ? k : null,
            referred.To is null ? null : referred.At, referred.To, _type);
    }

    /// <summary>The file holds personal data in clear: on Unix only its owner may read it (0600), whatever the umask.</summary>
    private static FileStreamOptions CreateOptions()
    {
        var o = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 64 * 1024, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return o;
    }

    private async Task WriteCsvAsync(Stream file, IEnumerable<Case> cases, CancellationToken ct)
    {
        // UTF-8 without a byte-order mark: RFC 4180 tools expect none, and import accepts either.
        await using var text = new StreamWriter(file, new UTF8Encoding(false), 64 * 1024);
        var csv = new CsvWriter(text);
        csv.WriteRow(HtcdsColumns.All);
        var free = HtcdsColumns.All.Select(HtcdsColumns.FreeText.Contains).ToArray();
        foreach (var c in cases)
        {
            ct.ThrowIfCancellationRequested();
            var cells = HtcdsRecord.From(c, crypto, Linked(c));
            for (var i = 0; i < cells.Length; i++)
            {
                if (free[i]) cells[i] = CsvWriter.Neutralise(cells[i]);
            }

            csv.WriteRow(cells);
        }
    }

    /// <summary>One object per case, keyed by the HTCDS column names, empty values left out; no formula rule (JSON is not a spreadsheet).</summary>
    private async Task WriteJsonAsync(Stream file, IEnumerable<Case> cases, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", "htcds-2.0");
        json.WriteStartArray("cases");
        foreach (var c in cases)
        {
            ct.ThrowIfCancellationRequested();
            var cells = HtcdsRecord.From(c, crypto, Linked(c));
            json.WriteStartObject();
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i].Length > 0) json.WriteString(HtcdsColumns.All[i], cells[i]);
            }

            json.WriteEndObject();
            if (json.BytesPending > 64 * 1024) await json.FlushAsync(ct);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }
}
