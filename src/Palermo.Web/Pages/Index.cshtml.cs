using Microsoft.AspNetCore.Authorization;
using Palermo.Accounts;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages;

[Authorize]
public sealed class IndexModel : PalermoPage
{
    public Actor Actor_ => Actor;

    public void OnGet()
    {
    }
}
