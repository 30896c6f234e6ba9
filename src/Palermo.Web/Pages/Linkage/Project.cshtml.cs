using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.CrossAgency;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Linkage;

[Authorize(Policy = "perm:" + nameof(Permission.RunLinkage))]
public sealed class ProjectModel(GetLinkageProject get, UploadExternalEncodings upload, RunCrossAgencyLinkage run, QueueLinkageRun queue) : PalermoPage
{
    public LinkageProjectView? Project { get; private set; }
    public string? Label { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id) => LoadAsync(id);

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string? label, IFormFile? file)
    {
        Label = label;
        try
        {
            await using var stream = file?.OpenReadStream();
            await upload.HandleAsync(id, label, stream, Actor, HttpContext.RequestAborted);
            return SeeOther("File added.", new { id });
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostRunAsync(Guid id)
    {
        try
        {
            // Large runs would hold the request (and a proxy's timeout) for minutes: the background job takes them.
            var view = await get.HandleAsync(id, Actor, HttpContext.RequestAborted);
            if (view.Records > RunCrossAgencyLinkage.InlineRunMaxRecords)
            {
                await queue.HandleAsync(id, Actor, HttpContext.RequestAborted);
                return SeeOther("The run is queued; refresh this page to follow its progress.", new { id });
            }

            await run.HandleAsync(id, Actor, HttpContext.RequestAborted);
            return SeeOther("Linkage finished.", new { id });
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await LoadAsync(id);
    }

    private async Task<IActionResult> LoadAsync(Guid id)
    {
        try
        {
            Project = await get.HandleAsync(id, Actor, HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }
}
