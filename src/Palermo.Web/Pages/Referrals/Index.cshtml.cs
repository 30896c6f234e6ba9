using Microsoft.AspNetCore.Authorization;
using Palermo.Accounts;
using Palermo.Referrals;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Referrals;

[Authorize(Policy = "perm:" + nameof(Permission.ManageReferrals))]
public sealed class ReferralsIndexModel(ListReferrals list, DecideReferral decide) : PalermoPage
{
    public IReadOnlyList<ReferralSummary> Items { get; private set; } = [];
    public string? Notice { get; private set; }

    public async Task OnGetAsync() => Items = await list.HandleAsync(Actor);

    public async Task OnPostAsync(Guid id, string? decision, string? reason)
    {
        try
        {
            var r = await decide.HandleAsync(id, decision, reason, Actor);
            Notice = $"Referral {r.State.ToString().ToLowerInvariant()}.";
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }

        Items = await list.HandleAsync(Actor);
    }
}
