using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

[Authorize(Policy = "perm:" + nameof(Permission.EditCases))]
public sealed class RegisterModel(RegisterVictim register) : PalermoPage
{
    [BindProperty] public CaseInput Input { get; set; } = new();
    [BindProperty] public string? Citizenships { get; set; }
    [BindProperty] public List<string> EventTypes { get; set; } = [];
    [BindProperty] public List<string> EventCountries { get; set; } = [];
    [BindProperty] public List<string> EventDates { get; set; } = [];
    [BindProperty] public List<string> EventCities { get; set; } = [];

    public void OnGet()
    {
    }

    /// <summary>
    /// The event rows of the form, from its four parallel lists. A row counts when any of its country, date or city is
    /// filled; the rows run to the longest list, so a row posted without its type is refused for it, not dropped.
    /// </summary>
    internal static List<EventInput> EventRows(List<string> types, List<string> countries, List<string> dates, List<string> cities) =>
        Enumerable.Range(0, new[] { types.Count, countries.Count, dates.Count, cities.Count }.Max())
            .Select(i => new EventInput(types.ElementAtOrDefault(i), countries.ElementAtOrDefault(i), dates.ElementAtOrDefault(i), cities.ElementAtOrDefault(i)))
            .Where(e => !string.IsNullOrWhiteSpace(e.Country) || !string.IsNullOrWhiteSpace(e.Date) || !string.IsNullOrWhiteSpace(e.City)).ToList();

    public async Task<IActionResult> OnPostAsync()
    {
        // A row with only a city is kept (and refused for its missing country) rather than silently dropped.
        var events = EventRows(EventTypes, EventCountries, EventDates, EventCities);
        var input = Input with
        {
            Citizenships = (Citizenships ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries),
            Events = events,
        };
        try
        {
            var result = await register.HandleAsync(input, Actor);
            TempData["Duplicates"] = string.Join(", ", result.PossibleDuplicates);
            return Redirect($"/Cases/View/{result.CaseId}");
        }
        catch (DomainException ex)
        {
            AddError(ex);
            return Page();
        }
    }
}
