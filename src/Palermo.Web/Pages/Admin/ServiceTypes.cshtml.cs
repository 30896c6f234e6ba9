using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Admin;

/// <summary>The service catalogue: add a type, rename one, deactivate or reactivate it (never delete).</summary>
[Authorize(Policy = "perm:" + nameof(Permission.ManageOrganisations))]
public sealed class ServiceTypesModel(ListServiceTypes list, PalermoDbContext db, IServiceProvider services) : PalermoPage
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    /// <summary>The row whose rename was refused, with the name typed into it.</summary>
    public string? RenamedCode { get; private set; }
    public string? RenamedName { get; private set; }
    public IReadOnlyList<ServiceTypeView> Items { get; private set; } = [];

    public static string RowField(string code, string field) => $"t-{code}-{field}";

    public async Task OnGetAsync() => Items = await list.HandleAsync(Actor);

    public Task<IActionResult> OnPostAsync() =>
        Act("Added.", async () => { await services.GetRequiredService<AddServiceType>().HandleAsync(new(Code, Name), Actor); Code = Name = null; });

    public Task<IActionResult> OnPostRenameAsync(string typeCode, string? typeName)
    {
        RenamedCode = typeCode;
        RenamedName = typeName;
        return Act("Renamed.", () => services.GetRequiredService<ChangeServiceType>().HandleAsync(typeCode, new(Name: typeName ?? ""), Actor), RowField(typeCode, ""));
    }

    // A missing or garbled choice is refused: read as false, it deactivated the type.
    public Task<IActionResult> OnPostActiveAsync(string typeCode, bool? active) =>
        Act(active == true ? "Reactivated: offered again for new services." : "Deactivated: no longer offered for new services; recorded services keep it.",
            () => active is { } on
                ? services.GetRequiredService<ChangeServiceType>().HandleAsync(typeCode, new(IsActive: on), Actor)
                : throw new DomainException("active", "Choose whether the service type is offered; nothing was changed."));

    private async Task<IActionResult> Act(string notice, Func<Task> action, string? errorPrefix = null)
    {
        try
        {
            await action();
            return SeeOther(notice);
        }
        catch (DomainException ex)
        {
            if (errorPrefix is null) AddError(ex);
            else ModelState.AddModelError(errorPrefix + ex.Field, ex.Message);
            db.DiscardPendingAudit();
            db.ChangeTracker.Clear();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Items = await list.HandleAsync(Actor);
        return Page();
    }
}
