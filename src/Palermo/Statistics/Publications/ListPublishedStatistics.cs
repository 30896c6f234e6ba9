using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Statistics.Publications;

/// <summary>The public list: approved publications only (drafts and withdrawn releases never appear).</summary>
public sealed class ListPublishedStatistics(PalermoDbContext db)
{
    public async Task<IReadOnlyList<PublishedStatistics>> HandleAsync(CancellationToken ct = default) =>
        await db.Set<StatisticsPublication>().AsNoTracking().Where(GetPublishedStatistics.IsPublic).OrderByDescending(p => p.ApprovedAt)
            .Select(p => new PublishedStatistics(p.Id, p.Title, p.Text, p.FromYear, p.ToYear, p.ApprovedAt!.Value, null))
            .ToListAsync(ct);
}
