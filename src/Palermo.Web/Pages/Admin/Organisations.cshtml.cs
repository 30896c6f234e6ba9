using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Organisations;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Admin;

[Authorize(Policy = "perm:" + nameof(Permission.ManageOrganisations))]
public sealed class OrganisationsModel(ListOrganisations list, CreateOrganisation create) : PalermoPage
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Country { get; set; }
    public string? CreatedName { get; private set; }
    public IReadOnlyList<OrganisationSummary> Items { get; private set; } = [];

    public async Task OnGetAsync(string? created)
    {
        CreatedName = created is null ? null : Items.FirstOrDefault()?.Name;
        Items = await list.HandleAsync(Actor);
        if (Guid.TryParse(created, out var id)) CreatedName = Items.FirstOrDefault(o => o.Id == id)?.Name;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var org = await create.HandleAsync(new CreateOrganisationRequest(Name, Kind, Country), Actor);
            return RedirectToPage(new { created = org.Id });
        }
        catch (DomainException ex)
        {
            AddError(ex);
            Items = await list.HandleAsync(Actor);
            return Page();
        }
    }
}
