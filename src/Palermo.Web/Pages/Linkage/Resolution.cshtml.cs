using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.CrossAgency;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Linkage;

[Authorize(Policy = "perm:" + nameof(Permission.ReadCases))]
public sealed class ResolutionModel(ResolveOwnMatches resolve) : PalermoPage
{
    public OwnResolution? Resolution { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        try
        {
            Resolution = await resolve.HandleAsync(id, Actor, HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }
}
