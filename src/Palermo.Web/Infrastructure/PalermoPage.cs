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

    /// <summary>
    /// Whether the posted form carries its version (the hidden <c>Version</c> field) as a whole number. A missing or
    /// unreadable one would bind as 0 and pass the concurrency check of a record never edited, so an edit form refuses
    /// it like a stale form instead of saving over whatever is there.
    /// </summary>
    protected bool PostedVersionIsReadable(string field = "Version") =>
        Request.HasFormContentType && Request.Form.TryGetValue(field, out var v) && v.Count == 1
        && long.TryParse(v[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

    protected const string UnreadableVersion = "This form came without its version, so it could not be checked against later changes; nothing was saved. The form now holds the current version: check the values and save again.";
}
