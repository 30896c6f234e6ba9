using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Screening;

public sealed record AttachScreeningRequest(Guid? CaseId);

/// <summary>Links a screening to a case of the same organisation. The case itself is checked by the case feature.</summary>
public sealed class AttachScreeningToCase(PalermoDbContext db)
{
    public async Task HandleAsync(Guid screeningId, AttachScreeningRequest request, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases)) throw new NotFoundException();
        var s = await db.Set<Screening>().VisibleTo(actor).SingleOrDefaultAsync(x => x.Id == screeningId, ct) ?? throw new NotFoundException();
        if (!s.AttachToCase(request.CaseId ?? Guid.Empty, db.UtcNow)) return;
        db.Audit(AuditEvent.ScreeningAttachedToCase, actor, nameof(Screening), s.Id, purpose: "case " + s.CaseId);
        await db.SaveChangesAsync(ct);
    }
}
