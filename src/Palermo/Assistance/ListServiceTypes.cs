using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Assistance;

/// <summary>A catalogue entry as the administrator sees it, with how many service records use it.</summary>
public sealed record ServiceTypeView(string Code, string Name, bool IsActive, int ServicesRecorded);

/// <summary>
/// The whole service catalogue, active and deactivated, for its administrator (<see cref="Permission.ManageOrganisations"/>:
/// the catalogue is system configuration holding no personal data, like the screening lists).
/// </summary>
public sealed class ListServiceTypes(PalermoDbContext db)
{
    public async Task<IReadOnlyList<ServiceTypeView>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageOrganisations)) throw new NotFoundException();
        var used = await db.Services.GroupBy(s => s.ServiceCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var types = await db.Set<ServiceType>().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        return types.Select(t => new ServiceTypeView(t.Code, t.Name, t.IsActive, used.GetValueOrDefault(t.Code))).ToList();
    }
}
