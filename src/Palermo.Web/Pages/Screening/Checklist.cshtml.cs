using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Screening;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Screening;

/// <summary>The checklist, grouped by dimension, then the ILO forced-labour indicators; one plain form post records it.</summary>
[Authorize(Policy = "perm:" + nameof(Permission.ScreenPersons))]
public sealed class ChecklistModel(PalermoDbContext db, RecordScreening record) : PalermoPage
{
    [BindProperty(SupportsGet = true, Name = "list")] public string? ListId { get; set; }
    [BindProperty(SupportsGet = true, Name = "version")] public string? ListVersion { get; set; }
    [BindProperty] public List<string> Indicators { get; set; } = [];
    [BindProperty] public List<string> ForcedLabourIndicators { get; set; } = [];

    public IndicatorList List { get; private set; } = null!;
    public IndicatorList ForcedLabour { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        try
        {
            var view = await record.HandleAsync(new RecordScreeningRequest(ListId, ListVersion, Indicators, ForcedLabourIndicators), Actor, ct);
            return RedirectToPage("Result", new { id = view.Id });
        }
        catch (DomainException ex)
        {
            AddError(ex);
            return Page();
        }
    }

    public bool IsChecked(string id) => Indicators.Contains(id) || ForcedLabourIndicators.Contains(id);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var list = await db.FindIndicatorListAsync(ListId, ListVersion, ct);
        if (list is not { Kind: ListKind.Operational }) return false;
        List = list;
        ForcedLabour = await db.CurrentForcedLabourListAsync(ct);
        return true;
    }
}
