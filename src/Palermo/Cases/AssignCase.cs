using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Cases;

/// <summary>A member of staff as shown to colleagues: id and e-mail address (staff data, not a victim's).</summary>
public sealed record StaffMember(Guid UserId, string Email, DateTime? AssignedAt = null);

/// <summary>Who works on a case, and which colleagues could be assigned to it.</summary>
public sealed record CaseAssignments(string Reference, IReadOnlyList<StaffMember> Assigned, IReadOnlyList<StaffMember> Colleagues);

/// <summary>
/// Assigns a worker of the case's own organisation to a case, or removes them: what the list's "assigned to me" filter
/// reads. Before this only the registering user was ever assigned. Owner organisation only (anyone else: 404); the
/// worker must be an active account of that organisation whose role reads cases, otherwise a field error on
/// <c>userId</c> that says the same for an unknown account and another organisation's (no account is confirmed).
/// Assigning twice or removing someone not assigned changes nothing and writes no audit entry.
/// </summary>
public sealed class AssignCase(PalermoDbContext db)
{
    public async Task HandleAsync(Guid caseId, Guid userId, bool assign, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.Include(x => x.Assignments).SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == org, ct) ?? throw new NotFoundException();
        if (assign)
        {
            var colleagues = await ListCaseAssignments.ColleaguesAsync(db, org, ct);
            if (colleagues.All(s => s.UserId != userId)) throw new DomainException("userId", "Choose an active colleague of your organisation who works on cases.");
            if (c.Assignments.Any(a => a.UserId == userId)) return;
            c.Assign(userId, db.UtcNow);
            db.Audit(AuditEvent.CaseWorkerAssigned, actor, nameof(Case), c.Id, $"user {userId}");
        }
        else
        {
            if (!c.Unassign(userId)) return;
            db.Audit(AuditEvent.CaseWorkerUnassigned, actor, nameof(Case), c.Id, $"user {userId}");
        }

        await db.SaveChangesAsync(ct);
    }
}
