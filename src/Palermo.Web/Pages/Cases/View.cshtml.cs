using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Referrals;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

[Authorize(Policy = "perm:" + nameof(Permission.ReadCases))]
public sealed class ViewModel(GetCase get, ListOrganisations orgs, PalermoDbContext db, IServiceProvider services) : PalermoPage
{
    public CaseView? Case { get; private set; }
    public string? Duplicates { get; private set; }
    public string? Notice { get; private set; }
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];
    private IReadOnlyList<OrganisationSummary> _all = [];
    public IReadOnlyList<ServiceType> ServiceTypes { get; private set; } = [];

    public string OrgName(Guid id) => _all.FirstOrDefault(o => o.Id == id)?.Name ?? "another organisation";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Duplicates = TempData["Duplicates"] as string;
        return await LoadAsync(id);
    }

    public Task<IActionResult> OnPostConsentAsync(Guid id, string? purpose, string? recordedAs, Guid? recipient) =>
        Act(id, "Consent recorded.", sp => sp.GetRequiredService<RecordConsent>().HandleAsync(id, new(purpose, recordedAs, recipient), Actor));

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid consentId) =>
        Act(id, "Consent withdrawn; referrals that relied on it were withdrawn, or stopped showing the person's identity.", sp => sp.GetRequiredService<WithdrawConsent>().HandleAsync(consentId, Actor));

    /// <summary>The referral form's values as posted, shown again when it has errors.</summary>
    public ReferralInput? ReferralPosted { get; private set; }
    /// <summary>Whom the signed-in supervisor may name to approve a consent override (empty without that permission).</summary>
    public IReadOnlyList<OverrideApprover> OverrideApprovers { get; private set; } = [];

    public async Task<IActionResult> OnPostReferAsync(Guid id, Guid? toOrganisation, List<string> services, List<string> parts, string? overrideReason, Guid? approvedBy)
    {
        ReferralPosted = new(toOrganisation, services, parts, null, overrideReason, approvedBy);
        Referral? made = null;
        var page = await Act(id, "Referral sent.", async sp => made = await sp.GetRequiredService<CreateReferral>().HandleAsync(id, ReferralPosted, Actor));
        if (made is not null) ReferralPosted = null;
        if (made is { State: ReferralState.AwaitingOverrideApproval })
            Notice = "Referral recorded under a consent override. Nothing is shared until the supervisor you named approves it on their Referrals page.";
        return page;
    }

    public Task<IActionResult> OnPostServiceAsync(Guid id, string? serviceCode, string? startDate, string? serviceStatus) =>
        Act(id, "Service recorded.", sp => sp.GetRequiredService<RecordService>().HandleAsync(id, new(serviceCode, startDate, null, serviceStatus, null, null), Actor));

    public Task<IActionResult> OnPostNoteAsync(Guid id, string? noteText) =>
        Act(id, "Note added.", sp => sp.GetRequiredService<AddCaseNote>().HandleAsync(id, new(noteText), Actor));

    public Task<IActionResult> OnPostPlanAsync(Guid id, List<string> planTypes, string? objectives, string? actionPlan, string? plannedEndDate, string? actualEndDate, long? planVersion) =>
        Act(id, "Support plan saved.", sp => sp.GetRequiredService<SaveSupportPlan>().HandleAsync(id, new(planTypes, objectives, actionPlan, plannedEndDate, actualEndDate, planVersion), Actor));

    public Task<IActionResult> OnPostCloseAsync(Guid id, long version, string? closeAs, string? reason) =>
        Act(id, "Case updated.", async sp => { await sp.GetRequiredService<CloseCase>().HandleAsync(id, version, closeAs, reason, Actor); return 0; });

    private async Task<IActionResult> Act<T>(Guid id, string notice, Func<IServiceProvider, Task<T>> action)
    {
        try
        {
            await action(services);
            Notice = notice;
        }
        catch (DomainException ex)
        {
            AddError(ex);
            db.DiscardPendingAudit();
            db.ChangeTracker.Clear();
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            db.ChangeTracker.Clear();
        }

        return await LoadAsync(id);
    }

    private async Task<IActionResult> LoadAsync(Guid id)
    {
        try
        {
            Case = await get.HandleAsync(id, Actor);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        _all = await orgs.HandleAsync(Actor);
        Organisations = _all.Where(o => o.Id != Actor.OrganisationId && o.IsActive).ToList();
        ServiceTypes = await db.Set<ServiceType>().Where(s => s.IsActive).OrderBy(s => s.Name).ToListAsync();
        if (Case.IsOwner) OverrideApprovers = await services.GetRequiredService<ListOverrideApprovers>().HandleAsync(Actor);
        return Page();
    }
}
