using Microsoft.AspNetCore.Authorization;
using Palermo.Accounts;
using Palermo.Screening;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Screening;

/// <summary>Start a screening by choosing a list; below, the organisation's earlier screenings.</summary>
[Authorize(Policy = "perm:" + nameof(Permission.ScreenPersons))]
public sealed class IndexModel(ListIndicatorLists lists, ListScreenings screenings) : PalermoPage
{
    public IReadOnlyList<IndicatorList> Lists { get; private set; } = [];
    public IReadOnlyList<ScreeningSummary> Screenings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Lists = (await lists.HandleAsync(Actor, ct)).Current.Where(l => l.Kind == ListKind.Operational).ToList();
        Screenings = await screenings.HandleAsync(Actor, ct);
    }
}
