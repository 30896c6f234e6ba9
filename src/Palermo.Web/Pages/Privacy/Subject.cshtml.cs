using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Privacy;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Privacy;

[Authorize(Policy = "perm:" + nameof(Permission.HandleSubjectRights))]
public sealed class SubjectModel(SubjectAccess access, ErasePerson erase, SetLegalHold hold) : PalermoPage
{
    public Guid Id { get; private set; }
    public SubjectData? Data { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id);

    public async Task<IActionResult> OnPostHoldAsync(Guid id, string? holdReason)
    {
        try
        {
            await hold.HandleAsync(id, bool.TryParse(Request.Form["Hold"], out var h) && h, holdReason, Actor);
            return SeeOther("Legal hold updated.", new { id });
        }
        catch (DomainException ex)
        {
            // The form's field is holdReason (the erasure form has its own reason field on the same page).
            AddError(ex.Field == "reason" ? new DomainException("holdReason", ex.Message) : ex);
        }

        return await LoadAsync(id);
    }

    public async Task<IActionResult> OnPostEraseAsync(Guid id, string? reason, bool confirm)
    {
        // Irreversible: one click on the wrong person's page must not be enough.
        if (!confirm)
        {
            ModelState.AddModelError("confirm", "Tick the box to confirm: erasure cannot be undone.");
            return await LoadAsync(id);
        }

        try
        {
            await erase.HandleAsync(id, reason, Actor);
            return SeeOther("The person's data was erased. De-identified counts remain in the statistics.", new { id });
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }

        return await LoadAsync(id);
    }

    private async Task<IActionResult> LoadAsync(Guid id)
    {
        Id = id;
        try
        {
            Data = await access.HandleAsync(id, Actor);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }
}
