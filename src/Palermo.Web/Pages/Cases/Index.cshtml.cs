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

    public Task OnGetAsync() => RunAsync(Q with { Lookup = null, Name = null });

    public Task OnPostAsync() => RunAsync(new CaseQuery { Lookup = Lookup, Name = Name, PageSize = ListCases.MaxPageSize });

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
