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

    /// <summary>
    /// Every outcome of a decision comes back as this page: a stale form (someone decided in between) or a referral
    /// gone out of reach is an error above the list, never the API's problem JSON.
    /// </summary>
    public async Task OnPostAsync(Guid id, string? decision, string? reason, long? version)
    {
        try
        {
            var r = await decide.HandleAsync(id, decision, reason, Actor, version);
            Notice = $"Referral {r.State.ToString().ToLowerInvariant()}.";
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        catch (NotFoundException)
        {
            ModelState.AddModelError("", "This referral is no longer in your list. Nothing was changed.");
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        Items = await list.HandleAsync(Actor);
    }
}
