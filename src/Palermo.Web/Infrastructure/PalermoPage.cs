using Microsoft.AspNetCore.Mvc.RazorPages;
using Palermo.Accounts;

namespace Palermo.Web.Infrastructure;

/// <summary>Common helpers for pages: the actor, and field errors that forms link to their inputs.</summary>
public abstract class PalermoPage : PageModel
{
    protected Actor Actor => HttpContext.Actor();

    protected void AddError(DomainException ex) => ModelState.AddModelError(string.IsNullOrEmpty(ex.Field) ? "" : ex.Field, ex.Message);

    /// <summary>The value for an input's aria-describedby, when that field has an error.</summary>
    public string? DescribedBy(string field) =>
        ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0 ? field + "-error" : null;

    public bool Invalid(string field) => DescribedBy(field) is not null;
}
