using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.CrossAgency;

public sealed record SubmissionSummary(string Label, bool FromPalermo, int Count, DateTime SubmittedAt);

public sealed record LinkageProjectView(
    Guid Id, string Name, LinkageProjectState State, DateTime CreatedAt, IReadOnlyList<SubmissionSummary> Submissions, LinkageReport? Report)
{
    /// <summary>Stage and percentage of a queued or running background run; null when none is pending.</summary>
    public LinkageRunStatus? Run { get; init; }

    /// <summary>Why the last background run failed, if it did.</summary>
    public string? RunError { get; init; }

    public int Records => Submissions.Sum(s => s.Count);
}

public sealed record LinkageRunStatus(DateTime QueuedAt, string Stage, int Percent);

/// <summary>The coordinator's view of a project: who submitted how many encodings, and the latest run's counts.</summary>
public sealed class GetLinkageProject(PalermoDbContext db)
{
    public async Task<LinkageProjectView> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage)) throw new NotFoundException();
        var project = await db.Set<LinkageProject>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        var submissions = await db.Set<LinkageSubmission>().AsNoTracking().Where(s => s.ProjectId == projectId)
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Label, s.OrganisationId, s.Count, s.SubmittedAt }).ToListAsync(ct);
        var result = await db.Set<LinkageResult>().AsNoTracking().Where(r => r.ProjectId == projectId)
            .OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var report = result is null ? null : LinkageReport.From(result, submissions.ToDictionary(s => s.Id, s => s.Label));
        if (report is not null)
        {
            db.Audit(AuditEvent.LinkageResultViewed, actor, nameof(LinkageResult), result!.Id);
            await db.SaveChangesAsync(ct);
        }

        return new LinkageProjectView(project.Id, project.Name, project.State, project.CreatedAt,
            submissions.Select(s => new SubmissionSummary(s.Label, s.OrganisationId is not null, s.Count, s.SubmittedAt)).ToList(), report)
        {
            Run = project.RunQueuedAt is { } queued ? new LinkageRunStatus(queued, project.RunStage ?? "Queued", project.RunPercent) : null,
            RunError = project.RunError,
        };
    }
}
