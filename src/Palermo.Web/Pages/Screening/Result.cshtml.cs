using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Screening;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Screening;

[Authorize(Policy = "perm:" + nameof(Permission.ScreenPersons))]
public sealed class ResultModel(GetScreening get) : PalermoPage
{
    public ScreeningView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        try
        {
            View = await get.HandleAsync(id, Actor, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
