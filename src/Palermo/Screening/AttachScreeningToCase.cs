using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Screening;

public sealed record AttachScreeningRequest(Guid? CaseId);

/// <summary>Links a screening to a case of the same organisation (a case of another organisation is "not found").</summary>
public sealed class AttachScreeningToCase(PalermoDbContext db)
{
    public async Task HandleAsync(Guid screeningId, AttachScreeningRequest request, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases)) throw new NotFoundException();
        var s = await db.Set<Screening>().VisibleTo(actor).SingleOrDefaultAsync(x => x.Id == screeningId, ct) ?? throw new NotFoundException();
        if (request.CaseId is { } caseId && caseId != Guid.Empty
            && !await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganisationId == actor.OrganisationId, ct))
        {
            throw new DomainException("caseId", "No case of your organisation has this id.");
        }

        if (!s.AttachToCase(request.CaseId ?? Guid.Empty, db.UtcNow)) return;
        db.Audit(AuditEvent.ScreeningAttachedToCase, actor, nameof(Screening), s.Id, purpose: "case " + s.CaseId);
        await db.SaveChangesAsync(ct);
    }
}
