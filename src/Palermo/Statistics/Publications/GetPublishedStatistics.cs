using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Statistics.Publications;

public sealed record PublishedStatistics(Guid Id, string Title, string Text, int FromYear, int ToYear, DateTime ApprovedAt, StatisticsSnapshot? Snapshot);

/// <summary>One approved publication with its frozen snapshot, for the public page. Drafts and withdrawn releases
/// do not exist here (404, like anything else not published).</summary>
public sealed class GetPublishedStatistics(PalermoDbContext db)
{
    public static readonly Expression<Func<StatisticsPublication, bool>> IsPublic =
        p => p.State == PublicationState.Approved && p.Snapshot != null;

    public async Task<PublishedStatistics> HandleAsync(Guid id, CancellationToken ct = default)
    {
        var p = await db.Set<StatisticsPublication>().AsNoTracking().Where(IsPublic).SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        return new PublishedStatistics(p.Id, p.Title, p.Text, p.FromYear, p.ToYear, p.ApprovedAt!.Value, StatisticsSnapshot.FromJson(p.Snapshot!));
    }
}
