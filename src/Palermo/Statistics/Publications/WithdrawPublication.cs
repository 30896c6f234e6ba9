using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Statistics.Publications;

/// <summary>The national coordinator withdraws a draft or a published release; it leaves the public page at once.</summary>
public sealed class WithdrawPublication(PalermoDbContext db)
{
    public async Task HandleAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ApprovePublications) || actor.UserId is not { } user) throw new NotFoundException();
        var p = await db.Set<StatisticsPublication>().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        p.Withdraw(user, db.UtcNow);
        db.Audit(AuditEvent.PublicationWithdrawn, actor, nameof(StatisticsPublication), p.Id);
        await db.SaveChangesAsync(ct);
    }
}
