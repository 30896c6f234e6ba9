using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Cases;

/// <summary>The workers assigned to a case of the actor's own organisation, and the colleagues who could be (others: 404).</summary>
public sealed class ListCaseAssignments(PalermoDbContext db)
{
    public async Task<CaseAssignments> HandleAsync(Guid caseId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ReadCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId && x.OrganisationId == org)
            .Select(x => new { x.Reference, Assigned = x.Assignments.Select(a => new { a.UserId, a.AssignedAt }).ToList() }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        var ids = c.Assigned.Select(a => a.UserId).ToList();
        var emails = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        var assigned = c.Assigned.OrderBy(a => a.AssignedAt).Select(a => new StaffMember(a.UserId, emails.GetValueOrDefault(a.UserId, ""), a.AssignedAt)).ToList();
        return new CaseAssignments(c.Reference, assigned, await ColleaguesAsync(db, org, ct));
    }

    /// <summary>Active accounts of the organisation whose roles read cases: the people a case can be assigned to.</summary>
    internal static async Task<IReadOnlyList<StaffMember>> ColleaguesAsync(PalermoDbContext db, Guid org, CancellationToken ct)
    {
        var roles = Enum.GetValues<Role>().Where(r => RolePermissions.For(r).Contains(Permission.ReadCases)).Select(PalermoRole.IdOf).ToList();
        return await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == org && u.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && roles.Contains(r.RoleId)))
            .OrderBy(u => u.Email).Take(1000).Select(u => new StaffMember(u.Id, u.Email ?? "", null)).ToListAsync(ct);
    }
}
