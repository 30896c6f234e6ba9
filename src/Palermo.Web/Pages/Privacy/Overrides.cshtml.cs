using Microsoft.AspNetCore.Authorization;
using Palermo.Accounts;
using Palermo.Consent;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Privacy;

[Authorize(Policy = "perm:" + nameof(Permission.ViewAuditLog))]
public sealed class OverridesModel(ListConsentOverrides list) : PalermoPage
{
    public IReadOnlyList<ConsentOverrideLine> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Lines = await list.HandleAsync(Actor, ct);
}
