using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.CrossAgency;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Linkage;

[Authorize(Policy = "perm:" + nameof(Permission.RunLinkage))]
public sealed class IndexModel(ListLinkageProjects list, CreateLinkageProject create) : PalermoPage
{
    [BindProperty] public string? Name { get; set; }
    public IReadOnlyList<LinkageProjectSummary> Projects { get; private set; } = [];

    public async Task OnGetAsync() => Projects = await list.HandleAsync(Actor);

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var project = await create.HandleAsync(Name, Actor);
            return RedirectToPage("Project", new { id = project.Id });
        }
        catch (DomainException ex)
        {
            AddError(ex);
            Projects = await list.HandleAsync(Actor);
            return Page();
        }
    }
}
