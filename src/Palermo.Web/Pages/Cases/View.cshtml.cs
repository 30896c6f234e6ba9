using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.EmergencyAccess;
using Palermo.Organisations;
using Palermo.Referrals;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

[Authorize(Policy = "perm:" + nameof(Permission.ReadCases))]
public sealed class ViewModel(GetCase get, ListOrganisations orgs, PalermoDbContext db, IServiceProvider services) : PalermoPage
{
    public CaseView? Case { get; private set; }
    public string? Duplicates { get; private set; }
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];
    private IReadOnlyList<OrganisationSummary> _all = [];
    public IReadOnlyList<ServiceType> ServiceTypes { get; private set; } = [];
    private IReadOnlyList<ServiceType> _allServiceTypes = [];

    /// <summary>What was typed into the "record a service" form, kept when it is refused.</summary>
    public ServiceInput? NewService { get; private set; }

    /// <summary>What was typed into the note or the support plan, shown again when saving it was refused (a field error, a 409).</summary>
    public string? NewNote { get; private set; }

    public SupportPlanInput? EditedPlan { get; private set; }
    /// <summary>The service row whose form was posted and refused, with what was typed into it.</summary>
    public Guid? EditedServiceId { get; private set; }
    public ServiceUpdate? EditedService { get; private set; }

    public static string ServiceField(Guid serviceId, string field) => $"s{serviceId:N}-{field}";

    /// <summary>The catalogue name, also for a type since deactivated (old records keep showing it).</summary>
    public string ServiceName(string code) => _allServiceTypes.FirstOrDefault(t => t.Code == code)?.Name ?? code;

    /// <summary>The owner manages every service of its case; a receiver only the services its organisation provides.</summary>
    public bool CanUpdate(ServiceRecord s) =>
        Actor.Has(Permission.EditCases) && Case is { } c && (c.Emergency is null || c.Emergency.ReferredParts.HasFlag(SharedParts.Identity))
        && (c.IsOwner || s.ProviderOrganisationId == Actor.OrganisationId);

    private Dictionary<Guid, string> _staff = [];

    /// <summary>Who recorded or withdrew a consent: a colleague's e-mail, or "a former colleague" once the account is gone.</summary>
    public string StaffName(Guid? id) => id is { } u ? _staff.GetValueOrDefault(u, "a former colleague") : "the system";

    public string OrgName(Guid id) => _all.FirstOrDefault(o => o.Id == id)?.Name ?? "another organisation";

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        Duplicates = TempData["Duplicates"] as string;
        return await LoadAsync(id);
    }

    public Task<IActionResult> OnPostConsentAsync(Guid id, string? purpose, string? recordedAs, Guid? recipient) =>
        // An unreadable recipient binds as none: recording the consent without it would widen what it allows.
        ModelState.TryGetValue(nameof(recipient), out var r) && r.Errors.Count > 0
            ? Refuse(id, "recipientOrganisationId", "The recipient organisation is not one of the list: choose it again.")
            : Act(id, "Consent recorded.", sp => sp.GetRequiredService<RecordConsent>().HandleAsync(id, new(purpose, recordedAs, recipient), Actor));

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid consentId) =>
        Act(id, "Consent withdrawn; referrals that relied on it were withdrawn, or stopped showing the person's identity.", sp => sp.GetRequiredService<WithdrawConsent>().HandleAsync(consentId, Actor));

    /// <summary>The referral form's values as posted, shown again when it has errors.</summary>
    public ReferralInput? ReferralPosted { get; private set; }
    /// <summary>Whom the signed-in supervisor may name to approve a consent override (empty without that permission).</summary>
    public IReadOnlyList<OverrideApprover> OverrideApprovers { get; private set; } = [];

    public Task<IActionResult> OnPostReferAsync(Guid id, Guid? toOrganisation, List<string> services, List<string> parts, string? overrideReason, Guid? approvedBy)
    {
        ReferralPosted = new(toOrganisation, services, parts, null, overrideReason, approvedBy);
        return Act(id, made => made.State == ReferralState.AwaitingOverrideApproval
                ? "Referral recorded under a consent override. Nothing is shared until the supervisor you named approves it on their Referrals page."
                : "Referral sent.",
            sp => sp.GetRequiredService<CreateReferral>().HandleAsync(id, ReferralPosted, Actor));
    }

    /// <summary>
    /// The supervisor named in a consent override approves or refuses it here, on the case, as on the Referrals page;
    /// only that supervisor gets the buttons, and the use case checks it again.
    /// </summary>
    public bool ApprovesOverride(CaseReferralView r) =>
        r.State == ReferralState.AwaitingOverrideApproval && r.OverrideApproverId is { } approver && approver == Actor.UserId;

    public Task<IActionResult> OnPostOverrideAsync(Guid id, Guid referralId, long? referralVersion, string? answer, string? refusalReason)
    {
        bool? approve = answer switch { "Approve" => true, "Refuse" => false, _ => null };
        var notice = approve == true ? "Override approved: the receiving organisation can now accept the referral." : "Override refused: the referral was withdrawn.";
        // Left out, the version is not checked by the use case (the API allows that); the form always carries it.
        if (!PostedVersionIsReadable("ReferralVersion")) return Refuse(id, "", UnreadableVersion);
        return Act(id, notice, sp => sp.GetRequiredService<ApproveConsentOverride>().HandleAsync(referralId, approve, refusalReason, Actor, referralVersion));
    }

    /// <summary>Staff named in the case's waiting overrides (requester, approver): address, and whether they can still act.</summary>
    private Dictionary<Guid, (string Email, bool Active, bool Supervisor)> _overrideStaff = [];

    /// <summary>The referral whose "name another approver" form was refused, and what was chosen in it.</summary>
    public Guid? EditedApproverReferralId { get; private set; }
    public Guid? PostedApprover { get; private set; }

    /// <summary>The field key of one referral's "name another approver" select: its error shows on that row only.</summary>
    public static string ApproverField(Guid referralId) => $"o{referralId:N}-approvedBySupervisorId";

    public bool IsMe(Guid? id) => id is { } u && u == Actor.UserId;

    public string OverrideStaffName(Guid? id) => id is { } u && _overrideStaff.TryGetValue(u, out var s) ? s.Email : "a former colleague";

    /// <summary>Why someone named in an override can no longer act on it, in plain words; null while they can.</summary>
    public string? CannotAct(Guid? id) => id is { } u && _overrideStaff.TryGetValue(u, out var s)
        ? !s.Active ? "their account is deactivated" : !s.Supervisor ? "they are no longer a case supervisor" : null
        : "their account no longer exists";

    /// <summary>
    /// Who may name another approver for a waiting override: its requester, or — once the requester can no longer act —
    /// any case supervisor of the organisation. The use case checks it again.
    /// </summary>
    public bool ChangesApprover(CaseReferralView r) =>
        r.State == ReferralState.AwaitingOverrideApproval && Case is { IsOwner: true } && Actor.Has(Permission.OverrideConsent)
        && (r.CreatedByUserId == Actor.UserId || CannotAct(r.CreatedByUserId) is not null);

    /// <summary>Whom the form offers: the organisation's other active supervisors, except the requester and the one named now.</summary>
    public IEnumerable<OverrideApprover> NewApproverChoices(CaseReferralView r) =>
        OverrideApprovers.Where(a => a.Id != r.CreatedByUserId && a.Id != r.OverrideApproverId);

    public Task<IActionResult> OnPostApproverAsync(Guid id, Guid referralId, long? referralVersion, Guid? newApprover)
    {
        EditedApproverReferralId = referralId;
        PostedApprover = newApprover;
        if (!PostedVersionIsReadable("ReferralVersion")) return Refuse(id, "", UnreadableVersion);
        // An unreadable choice binds as none: say so on the select rather than "name someone".
        if (ModelState.TryGetValue(nameof(newApprover), out var a) && a.Errors.Count > 0)
        {
            return Refuse(id, ApproverField(referralId), "The approver is not one of the list: choose again.");
        }

        return Act(id, "Another supervisor was named to approve the override; it now waits for them, and only they can approve or refuse it.",
            sp => sp.GetRequiredService<ChangeOverrideApprover>().HandleAsync(referralId, newApprover, Actor, referralVersion), $"o{referralId:N}-");
    }

    public Task<IActionResult> OnPostServiceAsync(Guid id, string? serviceCode, string? startDate, string? serviceEndDate, string? serviceStatus, string? serviceOutcome)
    {
        NewService = new(serviceCode, startDate, serviceEndDate, serviceStatus, serviceOutcome, null);
        return Act(id, "Service recorded.", sp => sp.GetRequiredService<RecordService>().HandleAsync(id, NewService, Actor));
    }

    /// <summary>One service row's form: its errors are keyed by <see cref="ServiceField"/> so they show on that row only.</summary>
    public Task<IActionResult> OnPostUpdateServiceAsync(Guid id, Guid serviceId, long serviceVersion, string? svcStatus, string? svcEndDate, string? svcOutcome)
    {
        EditedServiceId = serviceId;
        EditedService = new(serviceVersion, svcStatus, svcEndDate, svcOutcome);
        // A missing version binds as 0 and would pass the check of a service never updated.
        if (!PostedVersionIsReadable("ServiceVersion")) return Refuse(id, "", UnreadableVersion);
        return Act(id, "Service updated.", sp => sp.GetRequiredService<UpdateService>().HandleAsync(id, serviceId, EditedService, Actor), ServiceField(serviceId, ""));
    }

    public Task<IActionResult> OnPostNoteAsync(Guid id, string? noteText)
    {
        NewNote = noteText;
        return Act(id, "Note added.", sp => sp.GetRequiredService<AddCaseNote>().HandleAsync(id, new(noteText), Actor));
    }

    public Task<IActionResult> OnPostPlanAsync(Guid id, List<string> planTypes, string? objectives, string? actionPlan, string? plannedEndDate, string? actualEndDate, long? planVersion)
    {
        EditedPlan = new(planTypes, objectives, actionPlan, plannedEndDate, actualEndDate, planVersion);
        return Act(id, "Support plan saved.", sp => sp.GetRequiredService<SaveSupportPlan>().HandleAsync(id, EditedPlan, Actor));
    }

    /// <summary>The decision form's values as posted, shown again when it is refused.</summary>
    public GroundsDecisionInput? EditedDecision { get; private set; }

    public async Task<IActionResult> OnPostDecisionAsync(Guid id, long? decisionVersion, string? stage, string? decisionDate, string? decisionOutcome, string? decisionReasons)
    {
        // Shown again only when refused: a recorded decision redirects, and the page then shows the stored one.
        EditedDecision = new GroundsDecisionInput(decisionVersion, stage, decisionDate, decisionOutcome, decisionReasons);
        return await Act(id, "Decision recorded.", async sp => { await sp.GetRequiredService<RecordGroundsDecision>().HandleAsync(id, EditedDecision, Actor); return 0; }, "decision-");
    }

    /// <summary>Emergency access to this case by other organisations' staff (owner organisation only; empty otherwise).</summary>
    public IReadOnlyList<CaseEmergencyAccess> EmergencyAccesses { get; private set; } = [];

    public bool RevokesEmergencyAccess => Actor.Has(Permission.SuperviseCases);

    public Task<IActionResult> OnPostRevokeAsync(Guid id, Guid grantId, long? grantVersion) =>
        !PostedVersionIsReadable("GrantVersion") ? Refuse(id, "", UnreadableVersion)
            : Act(id, "Emergency access revoked: it ended at once.", async sp => { await sp.GetRequiredService<RevokeEmergencyAccess>().HandleAsync(grantId, Actor, grantVersion); return 0; }, "emergency-");

    /// <summary>Who works on the case and who could (owner organisation only; empty otherwise).</summary>
    public CaseAssignments? Assignments { get; private set; }

    public Task<IActionResult> OnPostAssignAsync(Guid id, Guid? userId, bool remove) =>
        Act(id, remove ? "Worker removed from the case." : "Worker assigned to the case.", async sp =>
        {
            if (userId is not { } user) throw new DomainException("userId", "Choose a colleague.");
            await sp.GetRequiredService<AssignCase>().HandleAsync(id, user, !remove, Actor);
            return 0;
        });

    public Task<IActionResult> OnPostCloseAsync(Guid id, long version, string? closeAs, string? reason) =>
        !PostedVersionIsReadable() ? Refuse(id, "", UnreadableVersion) : Act(id, "Case updated.", async sp => { await sp.GetRequiredService<CloseCase>().HandleAsync(id, version, closeAs, reason, Actor); return 0; });

    /// <summary>The form is refused before any use case runs: one error, the page shown again.</summary>
    private Task<IActionResult> Refuse(Guid id, string field, string message)
    {
        ModelState.Clear();
        ModelState.AddModelError(field, message);
        return LoadAsync(id);
    }

    private Task<IActionResult> Act<T>(Guid id, string notice, Func<IServiceProvider, Task<T>> action, string? errorPrefix = null) =>
        Act(id, _ => notice, action, errorPrefix);

    /// <summary>
    /// Saved: a 303 to the case page with the notice (Post/Redirect/Get), so a reload cannot record it twice and the
    /// forms show the stored values. Refused: the page again, with the error at its field and what was typed.
    /// </summary>
    private async Task<IActionResult> Act<T>(Guid id, Func<T, string> notice, Func<IServiceProvider, Task<T>> action, string? errorPrefix = null)
    {
        try
        {
            var done = await action(services);
            return SeeOther(notice(done), new { id });
        }
        catch (DomainException ex)
        {
            if (errorPrefix is null) AddError(ex);
            else ModelState.AddModelError(string.IsNullOrEmpty(ex.Field) ? "" : errorPrefix + ex.Field, ex.Message);
            db.DiscardPendingAudit();
            db.ChangeTracker.Clear();
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            db.DiscardPendingAudit();
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
        _allServiceTypes = await db.Set<ServiceType>().AsNoTracking().OrderBy(s => s.Name).ToListAsync();
        ServiceTypes = _allServiceTypes.Where(s => s.IsActive).ToList();
        if (Case.IsOwner)
        {
            OverrideApprovers = await services.GetRequiredService<ListOverrideApprovers>().HandleAsync(Actor);
            Assignments = await services.GetRequiredService<ListCaseAssignments>().HandleAsync(id, Actor);
            EmergencyAccesses = await services.GetRequiredService<ListCaseEmergencyAccess>().HandleAsync(id, Actor);
            // Consents are the owner's records, made by its own staff: only their addresses are looked up.
            var staff = Case.Consents.SelectMany(k => new[] { k.RecordedByUserId, k.WithdrawnByUserId }).OfType<Guid>().Distinct().ToList();
            _staff = await db.Users.AsNoTracking().Where(u => staff.Contains(u.Id) && u.OrganisationId == Actor.OrganisationId)
                .ToDictionaryAsync(u => u.Id, u => u.Email ?? "");
            // The waiting overrides' requesters and approvers: whether each can still act decides what the page says and offers.
            var named = Case.Referrals.Where(r => r.State == ReferralState.AwaitingOverrideApproval)
                .SelectMany(r => new[] { r.CreatedByUserId, r.OverrideApproverId }).OfType<Guid>().Distinct().ToList();
            if (named.Count > 0 && Actor.OrganisationId is { } org)
            {
                var supervisors = ListOverrideApprovers.ActiveSupervisors(db, org);
                _overrideStaff = (await db.Users.AsNoTracking().Where(u => named.Contains(u.Id) && u.OrganisationId == org)
                        .Select(u => new { u.Id, u.Email, u.IsActive, Supervisor = supervisors.Any(s => s.Id == u.Id) }).ToListAsync())
                    .ToDictionary(u => u.Id, u => (u.Email ?? "", u.IsActive, u.Supervisor));
            }
        }
        return Page();
    }
}
