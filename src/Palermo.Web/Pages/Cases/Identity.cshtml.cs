using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

/// <summary>
/// Corrects the person's identity (the case's own organisation). Like the facts form, it carries the version it was
/// read at: if someone saved in between, nothing is overwritten and the form comes back with the user's values.
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.EditCases))]
public sealed class IdentityModel(GetPersonForEdit get, UpdatePerson update, PalermoDbContext db) : PalermoPage
{
    [BindProperty] public PersonInput Input { get; set; } = new();
    [BindProperty] public string? Citizenships { get; set; }
    [BindProperty] public long Version { get; set; }
    public string Reference { get; private set; } = "";
    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var p = await LoadAsync(id);
        if (p is null) return NotFound();
        Version = p.Version;
        Input = p.Person;
        Citizenships = string.Join("; ", p.Person.Citizenships ?? []);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        var input = Input with { Citizenships = (Citizenships ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries) };
        try
        {
            if (!PostedVersionIsReadable()) throw new ConflictException(UnreadableVersion);
            await update.HandleAsync(id, Version, input, Actor);
            return Redirect($"/Cases/View/{id}");
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
        catch (ConflictException ex)
        {
            Conflict = true;
            ModelState.AddModelError("", ex.Message);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        db.DiscardPendingAudit();
        db.ChangeTracker.Clear();
        // Keep what the user typed; after a conflict the current version goes into the form, so saving again is a
        // deliberate replacement of the other person's change.
        var current = await LoadAsync(id);
        if (current is null) return NotFound();
        if (Conflict)
        {
            ModelState.Remove(nameof(Version));
            Version = current.Version;
        }

        return Page();
    }

    private async Task<PersonEdit?> LoadAsync(Guid id)
    {
        try
        {
            var p = await get.HandleAsync(id, Actor);
            Reference = p.Reference;
            return p;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
