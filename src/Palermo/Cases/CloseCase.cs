using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Cases;

/// <summary>
/// Moves a case of the actor's organisation along its HTCDS lifecycle: Active → FollowUp, Active or FollowUp → Closed or
/// ClosedReferred (with a reason), and back to Active ("Reopen"). A stale version is a conflict, not an overwrite.
/// </summary>
public sealed class CloseCase(PalermoDbContext db)
{
    public async Task HandleAsync(Guid caseId, long version, string? closeAs, string? reason, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.Include(x => x.Person).SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct) ?? throw new NotFoundException();
        db.Entry(c).Property(x => x.Version).OriginalValue = version;
        try
        {
            Move(c, closeAs, reason, actor);
        }
        catch (DomainException ex) when (ex.Field == "status")
        {
            // The case guards its status; what the caller got wrong is the move asked for, the body's closeAs.
            throw new DomainException("closeAs", ex.Message);
        }

        await db.SaveChangesAsync(ct);
    }

    private void Move(Case c, string? closeAs, string? reason, Actor actor)
    {
        if (string.Equals(closeAs, "Reopen", StringComparison.OrdinalIgnoreCase))
        {
            c.Reopen(db.UtcNow);
            db.Audit(AuditEvent.CaseReopened, actor, nameof(Case), c.Id);
        }
        else if (string.Equals(closeAs?.Trim(), nameof(CaseStatus.FollowUp), StringComparison.OrdinalIgnoreCase))
        {
            c.FollowUp(db.UtcNow);
            db.Audit(AuditEvent.CaseMovedToFollowUp, actor, nameof(Case), c.Id);
        }
        else
        {
            c.Close(Vocabulary.Parse<CaseStatus>(closeAs, "closeAs"), reason, db.UtcNow);
            db.Audit(AuditEvent.CaseClosed, actor, nameof(Case), c.Id);
        }
    }
}
