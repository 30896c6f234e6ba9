using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Privacy;

public sealed record SubjectData(
    Guid PersonId, PersonDetails Person, bool LegalHold, IReadOnlyList<CaseView> Cases, IReadOnlyList<SubjectAuditLine> History);

public sealed record SubjectAuditLine(long Sequence, DateTime At, string Event, string? EntityType);

/// <summary>
/// A data subject's access request: everything the actor's organisation holds about the person of a case — identity,
/// every case with its decisions, consents, services and referrals, and who did what with their record.
/// </summary>
public sealed class SubjectAccess(PalermoDbContext db, GetCase getCase)
{
    public async Task<SubjectData> HandleAsync(Guid caseId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.HandleSubjectRights) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var personId = await db.Cases.Where(c => c.Id == caseId && c.OrganisationId == org).Select(c => (Guid?)c.PersonId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        // Reading for a subject request needs the case permission too; a DPO reads through this purpose-bound path.
        var reader = actor with { Roles = new HashSet<Role>(actor.Roles) { Role.CaseWorker } };
        var caseIds = await db.Cases.Where(c => c.PersonId == personId && c.OrganisationId == org).Select(c => c.Id).ToListAsync(ct);
        var cases = new List<CaseView>();
        foreach (var id in caseIds) cases.Add(await getCase.HandleAsync(id, reader, "subject access request", ct));
        var ids = caseIds.Select(i => i.ToString()).Append(personId.ToString()).ToList();
        var history = await db.AuditEntries.AsNoTracking().Where(e => e.EntityId != null && ids.Contains(e.EntityId)).OrderBy(e => e.Sequence)
            .Select(e => new SubjectAuditLine(e.Sequence, e.At, e.Event.ToString(), e.EntityType)).ToListAsync(ct);
        var hold = await db.Persons.Where(p => p.Id == personId).Select(p => p.LegalHold).SingleAsync(ct);
        db.Audit(AuditEvent.PersonDataExported, actor, nameof(Person), personId, "subject access request");
        await db.SaveChangesAsync(ct);
        return new SubjectData(personId, cases[0].Person ?? PersonDetails.Erased, hold, cases, history);
    }
}
