using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Referrals;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Referrals;

[Authorize(Policy = "perm:" + nameof(Permission.ManageReferrals))]
public sealed class ReferralsIndexModel(ListReferrals list, DecideReferral decide, ListOverrideApprovals approvals, ApproveConsentOverride approveOverride, Palermo.Data.PalermoDbContext db) : PalermoPage
{
    private Dictionary<string, string> _serviceNames = [];

    /// <summary>The page of the list shown (null when the page asked for could not be read).</summary>
    public ReferralPage? Result { get; private set; }
    public IReadOnlyList<ReferralSummary> Items => Result?.Items ?? [];
    /// <summary>Consent overrides naming the signed-in supervisor as approver (empty for everyone else).</summary>
    public IReadOnlyList<OverrideApprovalRequest> AwaitingApproval { get; private set; } = [];
    /// <summary>Outgoing overrides whose named approver can no longer act (deactivated, no longer a case supervisor).</summary>
    public IReadOnlySet<Guid> ApproverCannotAct { get; private set; } = new HashSet<Guid>();

    public async Task OnGetAsync()
    {
        // Read from the query string itself: Razor Pages keeps the page's path in the route value "page", which model
        // binding reads first (the case list had every Next link show page 1 again).
        var page = 1;
        if (Request.Query.TryGetValue("Page", out var raw)
            && !int.TryParse(raw.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out page))
        {
            AddError(new DomainException("page", "The page must be a whole number."));
            return;
        }

        try
        {
            await LoadAsync(page);
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
    }

    /// <summary>The link to another page of the list.</summary>
    public static string PageLink(int page) => "/Referrals?Page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The named supervisor approves or refuses a consent override; outcomes come back as this page.</summary>
    public Task<IActionResult> OnPostOverrideAsync(Guid id, string? answer, string? reason, long? version)
    {
        bool? approve = answer switch { "Approve" => true, "Refuse" => false, _ => null };
        return DecideAsync(async () =>
        {
            await approveOverride.HandleAsync(id, approve, reason, Actor, version);
            return approve == true ? "Override approved: the receiving organisation can now accept the referral." : "Override refused: the referral was withdrawn.";
        });
    }

    /// <summary>
    /// Every outcome of a decision comes back as this page: a stale form (someone decided in between) or a referral
    /// gone out of reach is an error above the list, never the API's problem JSON.
    /// </summary>
    public Task<IActionResult> OnPostAsync(Guid id, string? decision, string? reason, long? version) => DecideAsync(async () =>
    {
        var r = await decide.HandleAsync(id, decision, reason, Actor, version);
        return $"Referral {Words.Of(r.State).ToLowerInvariant()}.";
    });

    /// <summary>A decision taken redirects to the list with its notice (Post/Redirect/Get); a refused one is this page with the error.</summary>
    private async Task<IActionResult> DecideAsync(Func<Task<string>> action)
    {
        try
        {
            // The use cases take a missing version as "don't check" (the API lets a client leave it out); the page's
            // form always carries it, so one without it is a broken or forged post, refused like a stale one.
            if (!PostedVersionIsReadable()) throw new ConflictException(UnreadableVersion);
            return SeeOther(await action());
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

        await LoadAsync();
        return Page();
    }

    /// <summary>A referral's services ("shelter;legal") by their catalogue names.</summary>
    public string ServiceNames(string codes) => string.Join(", ", Referral.ServiceCodes(codes).Select(c => _serviceNames.GetValueOrDefault(c, c)));

    private async Task LoadAsync(int page = 1)
    {
        Result = await list.HandleAsync(Actor, page);
        _serviceNames = await db.Set<Palermo.Assistance.ServiceType>().AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name);
        if (Actor.Has(Permission.OverrideConsent)) AwaitingApproval = await approvals.HandleAsync(Actor);
        var waiting = Items.Where(r => !r.Incoming && r.State == ReferralState.AwaitingOverrideApproval).Select(r => r.Id).ToList();
        if (waiting.Count > 0 && Actor.OrganisationId is { } org)
        {
            var supervisors = ListOverrideApprovers.ActiveSupervisors(db, org);
            ApproverCannotAct = (await db.Referrals.AsNoTracking().Where(r => waiting.Contains(r.Id) && !supervisors.Any(u => u.Id == r.OverrideApproverId))
                .Select(r => r.Id).ToListAsync()).ToHashSet();
        }
    }
}
