using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Privacy;

/// <summary>The last time a run applied the organisation's schedule, and what it did (counts only).</summary>
public sealed record RetentionLastRun(DateTime At, RetentionCounts Counts);

/// <summary>
/// The organisation's retention schedule (null: none), the last run that applied it, and — under the schedule, or
/// under <c>PreviewYears</c> when asked — how many persons and cases a run would erase now and how many it would keep.
/// Counts only: nobody is named, so reading it opens no person and is not audited.
/// </summary>
public sealed record RetentionStatus(int? ClosedCaseYears, RetentionLastRun? LastRun, int? PreviewYears, RetentionCounts? Due);

public sealed class GetRetentionStatus(PalermoDbContext db)
{
    public async Task<RetentionStatus> HandleAsync(Actor actor, int? previewYears = null, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageRetention) || actor.OrganisationId is not { } org) throw new NotFoundException();
        if (previewYears is not null) SetRetentionPolicy.Validate(previewYears.Value);
        var years = await db.Set<RetentionPolicy>().AsNoTracking().Where(p => p.OrganisationId == org).Select(p => (int?)p.ClosedCaseYears).SingleOrDefaultAsync(ct);
        // The run's entry per organisation is keyed by the organisation (the audit log's (type, id) index).
        var id = org.ToString();
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "Organisation" && e.EntityId == id && e.Event == AuditEvent.RetentionApplied)
            .OrderByDescending(e => e.Sequence).Select(e => new { e.At, e.Purpose }).FirstOrDefaultAsync(ct);
        var lastRun = last is not null && RetentionCounts.FromAuditDetail(last.Purpose) is { } counts ? new RetentionLastRun(last.At, counts) : null;
        var preview = previewYears ?? years;
        var due = preview is { } y ? await RetentionRules.PreviewAsync(db, org, y, db.UtcNow, ct) : null;
        return new RetentionStatus(years, lastRun, preview, due);
    }
}
