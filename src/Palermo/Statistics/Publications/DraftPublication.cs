using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Statistics.Publications;

public sealed record DraftPublicationRequest(string? Title, string? Text, int? FromYear, int? ToYear, IReadOnlyList<string>? Content);

/// <summary>An analyst (or coordinator) drafts a release; nothing is computed until approval.</summary>
public sealed class DraftPublication(PalermoDbContext db)
{
    public async Task<StatisticsPublication> HandleAsync(DraftPublicationRequest r, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewStatistics) || actor.UserId is not { } user) throw new NotFoundException();
        if (r.FromYear is not { } from || from is < 1900 or > 2200) throw new DomainException("from", "Give the first year, e.g. 2024.");
        if (r.ToYear is not { } to || to is < 1900 or > 2200) throw new DomainException("to", "Give the last year, e.g. 2024.");
        var p = StatisticsPublication.Draft(r.Title, r.Text, from, to, r.Content ?? [], user, db.UtcNow);
        db.Add(p);
        db.Audit(AuditEvent.PublicationDrafted, actor, nameof(StatisticsPublication), p.Id);
        await db.SaveChangesAsync(ct);
        return p;
    }
}
