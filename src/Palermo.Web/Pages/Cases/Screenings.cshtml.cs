using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Screening;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

/// <summary>
/// Attaches an earlier screening (recorded without personal data, e.g. at a border post) to a case of the same
/// organisation. Screenings carry no names, so the list shows date, list and outcome only.
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.EditCases))]
public sealed class ScreeningsModel(PalermoDbContext db, ListScreenings list, AttachScreeningToCase attach) : PalermoPage
{
    public string Reference { get; private set; } = "";
    public Guid CaseId { get; private set; }
    public IReadOnlyList<ScreeningSummary> Attached { get; private set; } = [];
    public IReadOnlyList<ScreeningSummary> Unattached { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(Guid id) => LoadAsync(id);

    public async Task<IActionResult> OnPostAsync(Guid id, Guid? screeningId)
    {
        try
        {
            if (screeningId is not { } sid) throw new DomainException("screeningId", "Choose a screening to attach.");
            await attach.HandleAsync(sid, new AttachScreeningRequest(id), Actor);
            return SeeOther("Screening attached to the case.", new { id });
        }
        catch (DomainException ex)
        {
            // The use case names its own fields ("caseId": already attached to another case, the person erased); on this
            // page the one thing the user chose is the screening, so the refusal is shown there, and in the summary,
            // which is all that is left when that screening has since gone from the choice (attached in another tab).
            ModelState.AddModelError("screeningId", ex.Message);
            db.DiscardPendingAudit();
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError("screeningId", "That screening is not one of your organisation's, or it no longer exists.");
        }

        return await LoadAsync(id);
    }

    private async Task<IActionResult> LoadAsync(Guid id)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == id && x.OrganisationId == Actor.OrganisationId).Select(x => new { x.Id, x.Reference }).SingleOrDefaultAsync();
        if (c is null || !Actor.Has(Permission.ScreenPersons)) return NotFound();
        CaseId = c.Id;
        Reference = c.Reference;
        var all = await list.HandleAsync(Actor);
        Attached = all.Where(s => s.CaseId == id).ToList();
        Unattached = all.Where(s => s.CaseId is null).ToList();
        return Page();
    }
}
