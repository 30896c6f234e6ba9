using Microsoft.AspNetCore.Authorization;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages;

[AllowAnonymous]
public sealed class ErrorModel : PalermoPage
{
    public string TraceId => HttpContext.TraceIdentifier;

    public void OnGet()
    {
    }
}
