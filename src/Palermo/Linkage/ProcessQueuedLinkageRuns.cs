using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.CrossAgency;

/// <summary>
/// Runs the oldest queued linkage project, if this instance holds the "linkage-run" job lease (one conditional
/// UPDATE in the database, so two web instances never run the same project, nor two runs at once on the shared
/// cores). Progress is written to the project row after every pair of submissions; the page shows it on refresh.
/// Returns the project run, or null when there was nothing to do or another instance holds the lease.
/// </summary>
public sealed class ProcessQueuedLinkageRuns(PalermoDbContext db, RunCrossAgencyLinkage run)
{
    public const string LeaseName = "linkage-run";

    /// <summary>Long enough for 100,000 × 100,000 under load; a crashed instance's run is retried after it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    public async Task<Guid?> HandleAsync(string holder, CancellationToken ct = default)
    {
        if (!await db.Set<LinkageProject>().AnyAsync(p => p.RunQueuedAt != null, ct)) return null;
        if (!await JobLease.TryAcquireAsync(db, LeaseName, holder, Lease, ct)) return null;
        try
        {
            var next = await db.Set<LinkageProject>().AsNoTracking().Where(p => p.RunQueuedAt != null)
                .OrderBy(p => p.RunQueuedAt).Select(p => new { p.Id, p.RunQueuedByUserId }).FirstOrDefaultAsync(ct);
            if (next is null) return null;
            var actor = new Actor(next.RunQueuedByUserId, null, new HashSet<Role> { Role.NationalCoordinator }, "linkage-job");
            try
            {
                await SetStageAsync(next.Id, "Reading submissions", 0, ct);
                await run.RunAsync(next.Id, actor, (done, all) => SetStageAsync(next.Id, $"Linked {done} of {all} pairs of submissions", 100 * done / all, ct), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Messages of domain errors name submissions and counts only; anything else is not shown.
                db.ChangeTracker.Clear();
                var project = await db.Set<LinkageProject>().SingleAsync(p => p.Id == next.Id, ct);
                project.EndRun(ex is DomainException d ? d.Message : "The run failed unexpectedly; the server log has the error type.");
                db.Audit(AuditEvent.LinkageRunFailed, actor, nameof(LinkageProject), next.Id, ex.GetType().Name);
                await db.SaveChangesAsync(ct);
                if (ex is not DomainException) throw;
            }

            return next.Id;
        }
        finally
        {
            // Let another instance take the next queued run at once rather than after the lease expires.
            await JobLease.ReleaseAsync(db, LeaseName, holder);
        }
    }

    private Task SetStageAsync(Guid projectId, string stage, int percent, CancellationToken ct) =>
        db.Set<LinkageProject>().Where(p => p.Id == projectId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RunStage, stage).SetProperty(p => p.RunPercent, percent), ct);
}
