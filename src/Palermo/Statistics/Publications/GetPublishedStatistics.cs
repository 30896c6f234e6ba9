using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Statistics.Publications;

public sealed record PublishedStatistics(Guid Id, string Title, string Text, int FromYear, int ToYear, DateTime ApprovedAt, StatisticsSnapshot? Snapshot);

/// <summary>The public side: approved publications only, read from their frozen snapshots. Drafts and withdrawn
/// releases do not exist here (a 404, like anything else not published).</summary>
public sealed class GetPublishedStatistics(PalermoDbContext db)
{
    public async Task<IReadOnlyList<PublishedStatistics>> HandleAsync(CancellationToken ct = default) =>
        await Approved().OrderByDescending(p => p.ApprovedAt)
            .Select(p => new PublishedStatistics(p.Id, p.Title, p.Text, p.FromYear, p.ToYear, p.ApprovedAt!.Value, null))
            .ToListAsync(ct);

    public async Task<PublishedStatistics> HandleAsync(Guid id, CancellationToken ct = default)
    {
        var p = await Approved().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        return new PublishedStatistics(p.Id, p.Title, p.Text, p.FromYear, p.ToYear, p.ApprovedAt!.Value, StatisticsSnapshot.FromJson(p.Snapshot!));
    }

    private IQueryable<StatisticsPublication> Approved() =>
        db.Set<StatisticsPublication>().AsNoTracking().Where(p => p.State == PublicationState.Approved && p.Snapshot != null);
}
