using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Screening;

public sealed class GetScreening(PalermoDbContext db)
{
    /// <summary>Another organisation's screening answers exactly as a missing one does.</summary>
    public async Task<ScreeningView> HandleAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var s = await db.Set<Screening>().AsNoTracking().VisibleTo(actor).SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException();
        var list = await db.FindIndicatorListAsync(s.ListId, s.ListVersion, ct)
            ?? throw new InvalidOperationException("A screening's indicator list is missing; lists must never be removed.");
        var forcedLabour = await db.FindIndicatorListAsync(s.ForcedLabourListId, s.ForcedLabourListVersion, ct);
        // Once attached to a case a screening describes a person, so reads are logged like any read of case data.
        db.Audit(AuditEvent.ScreeningViewed, actor, nameof(Screening), s.Id);
        await db.SaveChangesAsync(ct);
        return ScreeningView.From(s, list, forcedLabour);
    }
}
