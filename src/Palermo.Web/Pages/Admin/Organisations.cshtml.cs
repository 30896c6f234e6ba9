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
    public IReadOnlyList<OrganisationSummary> Items { get; private set; } = [];

    public async Task OnGetAsync() => Items = await list.HandleAsync(Actor);

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var org = await create.HandleAsync(new CreateOrganisationRequest(Name, Kind, Country), Actor);
            // An organisation's name, not a person's: it may be in the notice (shown once; the title says only "Organisation created").
            return SeeOther($"Created “{org.Name}”.");
        }
        catch (DomainException ex)
        {
            AddError(ex);
            Items = await list.HandleAsync(Actor);
            return Page();
        }
    }
}
