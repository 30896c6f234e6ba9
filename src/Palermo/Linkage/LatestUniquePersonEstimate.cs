using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.CrossAgency;

/// <summary>
/// For the statistics headline: the unique-person estimate of the most recent completed cross-agency linkage run
/// (any project), or null when no run has completed. Shown beside the per-organisation-deduplicated count, never
/// instead of it: the tables count persons as Palermo's own records know them. Reading it is audited like
/// <see cref="UniquePersonEstimate"/>.
/// </summary>
public sealed class LatestUniquePersonEstimate(PalermoDbContext db, UniquePersonEstimate estimate)
{
    public async Task<UniquePersonEstimateResult?> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewStatistics) && !actor.Has(Permission.RunLinkage)) throw new NotFoundException();
        var latest = await db.Set<LinkageResult>().AsNoTracking()
            .OrderByDescending(r => r.RunAt).ThenByDescending(r => r.Id).Select(r => (Guid?)r.ProjectId).FirstOrDefaultAsync(ct);
        return latest is { } projectId ? await estimate.HandleAsync(projectId, actor, ct) : null;
    }
}
