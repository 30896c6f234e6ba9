using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Screening;

/// <param name="Current">The lists offered for new screenings, one per subject group and exploitation type, and the forced-labour list.</param>
/// <param name="All">Every known list version, including those that old screenings used.</param>
public sealed record IndicatorListCatalog(IReadOnlyList<IndicatorList> Current, IReadOnlyList<IndicatorList> All);

public sealed class ListIndicatorLists(PalermoDbContext db)
{
    public async Task<IndicatorListCatalog> HandleAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ScreenPersons) && !actor.Has(Permission.ManageOrganisations)) throw new NotFoundException();
        return new IndicatorListCatalog(await db.CurrentIndicatorListsAsync(ct), await db.AllIndicatorListsAsync(ct));
    }
}
