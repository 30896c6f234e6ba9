using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages;

/// <summary>
/// The page a browser gets when a request failed (re-executed by the exception handler with the status of
/// <see cref="ProblemMapping.StatusCode"/>; a GET or the form's POST). It says what happened and that nothing was
/// saved, never what the request held; the trace id lets an administrator find the log line.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PalermoPage
{
    public string TraceId => HttpContext.TraceIdentifier;

    /// <summary>The failed request's status; a direct visit of /Error shows the general message.</summary>
    public int Status => Response.StatusCode is >= 400 ? Response.StatusCode : 500;

    // Retry-After for a 503 is already on the response: ProblemMapping sets it before the middleware re-executes here.
    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
