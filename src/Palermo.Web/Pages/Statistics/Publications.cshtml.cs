using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Statistics.Publications;
using Palermo.Web.Infrastructure;
using Palermo.Web.Statistics;

namespace Palermo.Web.Pages.Statistics;

/// <summary>Drafting (analyst) and approving or withdrawing (national coordinator) statistics releases; the use
/// cases check the approval permission and answer 404 to anyone else.</summary>
[Authorize(Policy = "perm:" + nameof(Permission.ViewStatistics))]
public sealed class PublicationsModel(ListPublications list, DraftPublication draft, ApprovePublication approve, WithdrawPublication withdraw,
    IConfiguration config) : PalermoPage
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public int? FromYear { get; set; }
    [BindProperty] public int? ToYear { get; set; }
    // Nullable so that an empty choice is not an implicit "required" binding error; the entity reports it instead.
    [BindProperty] public List<string>? Parts { get; set; }
    public IReadOnlyList<string> Chosen => Parts ?? [.. ChartIds.Tables, .. ChartIds.All];
    public IReadOnlyList<PublicationSummary> Items { get; private set; } = [];
    public bool MayApprove => Actor.Has(Permission.ApprovePublications);
    public Guid? Me => Actor.UserId;

    /// <summary>A label a reader understands for each table or chart code (WCAG 2.4.6: labels describe the purpose);
    /// a table keeps its code in brackets for readers who know the tables by it.</summary>
    public static string PartName(string id) => id switch
    {
        "SEX_AGE" => "Table: detected persons by sex and age",
        "FORM" => "Table: detected persons by form of exploitation",
        "CITIZENSHIP" => "Table: detected persons by citizenship",
        "DETECTION" => "Table: detected persons by country of detection",
        "FLOW_CLASS" => "Table: detected persons by flow class",
        "REGION" => "Table: region of origin by region of detection",
        ChartIds.SexAge => "Chart: by sex and age",
        ChartIds.Form => "Chart: by form of exploitation",
        ChartIds.TimeSeries => "Chart: detected victims per year",
        ChartIds.Flows => "Chart: flows from citizenship to country of detection",
        ChartIds.Regions => "Chart: region of origin × region of detection",
        _ => id,
    } + (ChartIds.Tables.Contains(id) ? $" ({id})" : "");

    public async Task OnGetAsync(CancellationToken ct) => Items = await list.HandleAsync(Actor, ct);

    public async Task<IActionResult> OnPostDraftAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError("from", "Give the years as four digits, e.g. 2024.");
            Items = await list.HandleAsync(Actor, ct);
            return Page();
        }

        return await Run(() => draft.HandleAsync(new DraftPublicationRequest(Title, Text, FromYear, ToYear, Chosen), Actor, ct), "Draft saved.", ct);
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) =>
        Run(() => approve.HandleAsync(id, StatisticsFilter.Threshold(config), Actor, ct), "Approved and published.", ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        Run(() => withdraw.HandleAsync(id, Actor, ct), "Withdrawn.", ct);

    private async Task<IActionResult> Run(Func<Task> work, string notice, CancellationToken ct)
    {
        try
        {
            await work();
            return SeeOther(notice);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            AddError(ex);
            Items = await list.HandleAsync(Actor, ct);
            return Page();
        }
    }
}
