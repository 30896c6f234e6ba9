using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Referrals;

namespace Palermo.EmergencyAccess;

public sealed record MyEmergencyAccess(Guid Id, Guid CaseId, string CaseReference, string OwnerOrganisation, SharedParts Parts,
    DateTime OpenedAt, DateTime EndsAt, DateTime? EndedAt, EmergencyGrantState State, long Version);

/// <summary>"My emergency accesses": the user's own grants, running ones first, with the time left. No reason is opened.</summary>
public sealed class ListMyEmergencyAccess(PalermoDbContext db)
{
    public const int Recent = 50;

    public async Task<IReadOnlyList<MyEmergencyAccess>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.BreakGlass) || actor.UserId is not { } user) throw new NotFoundException();
        var now = db.UtcNow;
        var rows = await db.EmergencyGrants.AsNoTracking().Where(g => g.UserId == user).OrderByDescending(g => g.OpenedAt).Take(Recent)
            .Select(g => new
            {
                Grant = g,
                Reference = db.Cases.Where(c => c.Id == g.CaseId).Select(c => c.Reference).First(),
                Owner = db.Organisations.Where(o => o.Id == g.OwnerOrganisationId).Select(o => o.Name).First(),
            }).ToListAsync(ct);
        return rows.Select(r => new MyEmergencyAccess(r.Grant.Id, r.Grant.CaseId, r.Reference, r.Owner, r.Grant.Parts, r.Grant.OpenedAt, r.Grant.EndsAt,
                r.Grant.EndedAt, r.Grant.StateAt(now), r.Grant.Version))
            .OrderBy(m => m.State == EmergencyGrantState.Active ? 0 : 1).ThenByDescending(m => m.OpenedAt).ToList();
    }
}
