using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.CrossAgency;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Linkage;

/// <summary>An organisation's side: submit its consenting persons' encodings to a project, or download them.</summary>
[Authorize(Policy = "perm:" + nameof(Permission.EditCases))]
public sealed class SubmitModel(ListLinkageProjects list, ExportOrganisationEncodings export, DownloadOrganisationEncodings download) : PalermoPage
{
    public IReadOnlyList<LinkageProjectSummary> Projects { get; private set; } = [];

    public async Task OnGetAsync() => Projects = await list.HandleAsync(Actor, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostExportAsync(Guid id)
    {
        try
        {
            var done = await export.HandleAsync(id, Actor, HttpContext.RequestAborted);
            return SeeOther($"Submitted {done.Count} encodings.");
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Projects = await list.HandleAsync(Actor, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>A POST, not a link: the download is an audited act and must carry the antiforgery token.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(Guid id)
    {
        try
        {
            var file = await download.HandleAsync(id, Actor, HttpContext.RequestAborted);
            return File(file.Content, "application/json", file.FileName);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
