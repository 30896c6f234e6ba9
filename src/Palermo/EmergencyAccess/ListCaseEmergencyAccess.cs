using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.EmergencyAccess;

public sealed record CaseEmergencyAccess(Guid Id, string AccessorOrganisation, SharedParts Parts, DateTime OpenedAt, DateTime EndsAt, EmergencyGrantState State, long Version);

/// <summary>
/// On the owner's case page: who from another organisation opened this case by emergency access, newest first, so a
/// case supervisor can revoke a running grant at once. Organisations by name; the other side's staff stay unnamed.
/// </summary>
public sealed class ListCaseEmergencyAccess(PalermoDbContext db)
{
    public const int Recent = 20;

    public async Task<IReadOnlyList<CaseEmergencyAccess>> HandleAsync(Guid caseId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ReadCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var now = db.UtcNow;
        var rows = await db.EmergencyGrants.AsNoTracking().Where(g => g.CaseId == caseId && g.OwnerOrganisationId == org)
            .OrderByDescending(g => g.OpenedAt).Take(Recent)
            .Select(g => new { Grant = g, Org = db.Organisations.Where(o => o.Id == g.AccessorOrganisationId).Select(o => o.Name).First() })
            .ToListAsync(ct);
        return rows.Select(r => new CaseEmergencyAccess(r.Grant.Id, r.Org, r.Grant.Parts, r.Grant.OpenedAt, r.Grant.EndsAt, r.Grant.StateAt(now), r.Grant.Version)).ToList();
    }
}
