using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Palermo.Accounts;

namespace Palermo.Web.Infrastructure;

/// <summary>Common helpers for pages: the actor, and field errors that forms link to their inputs.</summary>
public abstract class PalermoPage : PageModel
{
    protected Actor Actor => HttpContext.Actor();

    /// <summary>The TempData key of the notice that says what the user's last post did.</summary>
    public const string NoticeKey = "Notice";

    /// <summary>
    /// What the user's own post did ("Consent recorded."), shown once on the page the post redirected to. Pages show it
    /// in a <c>role="status"</c> notice with <c>notice-title</c> (<see cref="NoticeTagHelper"/>).
    /// </summary>
    public string? Notice { get; protected set; }

    /// <summary>A GET picks up the notice its redirecting post left (TempData: read once, then gone, so a reload does not repeat it).</summary>
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        base.OnPageHandlerExecuting(context);
        if (HttpMethods.IsGet(Request.Method)) Notice = TempData[NoticeKey] as string;
    }

    /// <summary>
    /// Post/Redirect/Get: a post that changed something answers 303 See Other to this page's own GET address (the route
    /// values it was posted with — the record's id, never personal data — and no handler), with the notice carried
    /// once in TempData. The browser's address is then the page, not <c>?handler=…</c>, and a reload or Back shows
    /// the page again instead of offering to send the form a second time (a second consent, note or service record).
    /// A refused post does not come here: it renders the page with the field errors and what was typed.
    /// </summary>
    /// <param name="notice">Names what was done, never a person (it starts the page title, which stays in the history).</param>
    /// <param name="values">Route or query values of the GET address when they are not the ambient ones (e.g. a search).</param>
    protected IActionResult SeeOther(string notice, object? values = null)
    {
        TempData[NoticeKey] = notice;
        var url = Url.Page(PageContext.ActionDescriptor.ViewEnginePath, pageHandler: null, values: values) ?? Request.PathBase + Request.Path;
        return new SeeOtherResult(url);
    }

    /// <summary>303: the browser follows with a GET whatever the method was (302 leaves that to the browser).</summary>
    private sealed class SeeOtherResult(string url) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.HttpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }

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
