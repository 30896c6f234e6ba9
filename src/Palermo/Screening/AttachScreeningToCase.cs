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
        if (request.CaseId is { } caseId && caseId != Guid.Empty)
        {
            var target = await db.Cases.Where(c => c.Id == caseId && c.OrganisationId == actor.OrganisationId)
                .Select(c => new { Erased = c.Person.ErasedAt != null }).SingleOrDefaultAsync(ct)
                ?? throw new DomainException("caseId", "No case of your organisation has this id.");
            // Attached, a screening describes the person: nothing new is added about someone whose data was erased.
            if (target.Erased) throw new DomainException("caseId", "This case's person was erased; a screening can no longer be attached to it.");
        }

        if (!s.AttachToCase(request.CaseId ?? Guid.Empty, db.UtcNow)) return;
        db.Audit(AuditEvent.ScreeningAttachedToCase, actor, nameof(Screening), s.Id, purpose: "case " + s.CaseId);
        await db.SaveChangesAsync(ct);
    }
}
