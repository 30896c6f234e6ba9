using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Statistics.Publications;

public sealed record PublicationSummary(Guid Id, string Title, int FromYear, int ToYear, PublicationState State, Guid CreatedBy, DateTime CreatedAt, DateTime? ApprovedAt);

/// <summary>Every publication in any state, for the statistics staff.</summary>
public sealed class ListPublications(PalermoDbContext db)
{
    public async Task<IReadOnlyList<PublicationSummary>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewStatistics)) throw new NotFoundException();
        return await db.Set<StatisticsPublication>().AsNoTracking().OrderByDescending(p => p.CreatedAt)
            .Select(p => new PublicationSummary(p.Id, p.Title, p.FromYear, p.ToYear, p.State, p.CreatedBy, p.CreatedAt, p.ApprovedAt))
            .ToListAsync(ct);
    }
}
