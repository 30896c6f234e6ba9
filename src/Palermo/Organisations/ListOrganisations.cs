using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Organisations;

public sealed record OrganisationSummary(Guid Id, string Name, OrganisationKind Kind, string Country, bool IsActive);

public sealed class ListOrganisations(PalermoDbContext db)
{
    /// <summary>Organisations are not personal data; every signed-in user may see the directory (to refer, to report).</summary>
    public async Task<IReadOnlyList<OrganisationSummary>> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.UserId is null && !actor.Has(Permission.ManageOrganisations)) throw new NotFoundException();
        return await db.Organisations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new OrganisationSummary(o.Id, o.Name, o.Kind, o.Country, o.IsActive)).ToListAsync(ct);
    }
}
