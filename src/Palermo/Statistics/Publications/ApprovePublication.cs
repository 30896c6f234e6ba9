using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Statistics.Publications;

/// <summary>The national coordinator approves a draft: the protected tables are computed from the cases now and
/// frozen in the publication, which then appears on the public page.</summary>
public sealed class ApprovePublication(PalermoDbContext db, ComputeStatistics compute)
{
    public async Task<StatisticsPublication> HandleAsync(Guid id, int threshold, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ApprovePublications) || actor.UserId is not { } user) throw new NotFoundException();
        var p = await db.Set<StatisticsPublication>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        if (p.State != PublicationState.Draft) throw new DomainException("state", "Only a draft can be approved.");
        if (p.CreatedBy == user) throw new DomainException("approver", "A publication must be approved by someone other than its author.");
        StatisticsResult result;
        try
        {
            result = await compute.HandleAsync(new StatisticsRequest(p.FromYear, p.ToYear, Threshold: threshold), actor, ct);
        }
        catch (StatisticsException ex)
        {
            throw new DomainException(ex.Field, ex.Message);
        }

        p.Approve(user, StatisticsSnapshot.Build(result.Publication, p.ContentIds), db.UtcNow);
        db.Audit(AuditEvent.PublicationApproved, actor, nameof(StatisticsPublication), p.Id);
        await db.SaveChangesAsync(ct);
        return p;
    }
}
