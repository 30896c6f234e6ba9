using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.CrossAgency;

/// <summary>
/// The coordinator asks for a run that is too large for a web request (more than
/// <see cref="RunCrossAgencyLinkage.InlineRunMaxRecords"/> records): the project is marked queued and the background
/// job (<see cref="ProcessQueuedLinkageRuns"/>) runs it; the project page shows the stage and percentage.
/// </summary>
public sealed class QueueLinkageRun(PalermoDbContext db)
{
    public async Task HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage)) throw new NotFoundException();
        var project = await db.Set<LinkageProject>().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        if (await db.Set<LinkageSubmission>().CountAsync(s => s.ProjectId == projectId, ct) < 2)
        {
            throw new DomainException("project", "Linking needs at least two submissions.");
        }

        project.QueueRun(actor.UserId, db.UtcNow);
        db.Audit(AuditEvent.LinkageRunQueued, actor, nameof(LinkageProject), projectId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("project", "A run of this project is already queued or running.");
        }
    }
}
