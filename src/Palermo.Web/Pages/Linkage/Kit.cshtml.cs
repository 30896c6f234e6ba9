using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.CrossAgency;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Linkage;

/// <summary>
/// For an agency that does not keep its cases in Palermo: its organisation administrator downloads the project
/// schema and secret file to run `palermo linkage encode` (docs/linkage.md, outside agencies).
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.ManageOrganisationAccounts))]
public sealed class KitModel(DownloadLinkageKit kit) : PalermoPage
{
    public IReadOnlyList<LinkageKitProject> Projects { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        try
        {
            Projects = await kit.ListAsync(Actor, HttpContext.RequestAborted);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public IActionResult OnGetSchema()
    {
        var file = DownloadLinkageKit.Schema();
        return File(file.Content, "application/json", file.FileName);
    }

    /// <summary>A POST, not a link: the secret download is an audited act and must carry the antiforgery token.</summary>
    public async Task<IActionResult> OnPostSecretAsync(Guid id)
    {
        try
        {
            var file = await kit.HandleAsync(id, Actor, HttpContext.RequestAborted);
            return File(file.Content, "application/octet-stream", file.FileName);
        }
        catch (DomainException ex)
        {
            AddError(ex);
            return await OnGetAsync();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
