using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

[Authorize(Policy = "perm:" + nameof(Permission.ReadCases))]
public sealed class CasesIndexModel(ListCases list) : PalermoPage
{
    [BindProperty(SupportsGet = true)] public CaseQuery Q { get; set; } = new();
    [BindProperty] public string? Lookup { get; set; }
    [BindProperty] public string? Name { get; set; }
    public CasePage? Result { get; private set; }

    public Task OnGetAsync()
    {
        // Razor Pages keeps this page's path in the route values under "page", and model binding reads route values
        // before the query string, so Q.Page never bound (every Next link showed page 1 again). The page number is
        // read from the query string itself.
        ModelState.Remove("Page");
        ModelState.Remove("Q.Page");
        var page = 1;
        if (Request.Query.TryGetValue("Page", out var raw)
            && !int.TryParse(raw.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page))
        {
            AddError(new DomainException("page", "The page must be a whole number."));
            return Task.CompletedTask;
        }

        // A filter that did not bind ("AssignedToMe=maybe", a page size that is not a number) has its error shown
        // already; listing anyway would show every case as if that filter had been applied.
        if (!ModelState.IsValid) return Task.CompletedTask;
        return RunAsync(Q with { Lookup = null, Name = null, Page = page });
    }

    /// <summary>
    /// The result of the search form (a POST): one page of at most 100, with no pager — a Next link is a GET of the
    /// plain list, and would have shown page 2 of every case as if it were the search's.
    /// </summary>
    public bool IsSearch { get; private set; }

    public Task OnPostAsync()
    {
        IsSearch = true;
        // The list's filters (Q) bind on every request, on a POST from the route's "page" value too, which made every
        // name search show "This value is not valid for Page."; the search takes only Lookup and Name.
        ModelState.Clear();
        // An empty search form is a mistake, not a request for every case ("N case(s) found" of everything).
        if (string.IsNullOrWhiteSpace(Lookup) && string.IsNullOrWhiteSpace(Name))
        {
            AddError(new DomainException("lookup", "Type a reference, a document number or a name."));
            return Task.CompletedTask;
        }

        return RunAsync(new CaseQuery { Lookup = Lookup, Name = Name, PageSize = ListCases.MaxPageSize });
    }

    private async Task RunAsync(CaseQuery q)
    {
        try
        {
            Result = await list.HandleAsync(q, Actor);
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
    }

    public string PageLink(int page)
    {
        var q = Request.Query.Where(kv => kv.Key != "Page").SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"));
        return "/Cases?" + string.Join("&", q.Append($"Page={page}"));
    }
}
