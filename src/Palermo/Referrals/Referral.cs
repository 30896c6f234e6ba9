using Palermo.Data;

namespace Palermo.Referrals;

public enum ReferralState
{
    Pending = 1,
    Accepted = 2,
    Declined = 3,
    Completed = 4,
    Withdrawn = 5,
    /// <summary>Made under a consent override the named supervisor has not approved yet: it grants nothing, the
    /// receiver neither sees nor can accept it. Approval makes it pending; refusal withdraws it.</summary>
    AwaitingOverrideApproval = 6,
}

/// <summary>What the receiving organisation may see of the case while the referral is accepted and active.</summary>
[Flags]
public enum SharedParts
{
    None = 0,
    Identity = 1,
    Contacts = 2,
    CaseDetails = 4,
    Services = 8,
}

/// <summary>
/// A referral from one organisation to another for named services. Access for the receiver exists only while the
/// referral is accepted and not past its end date; withdrawal or completion ends it at once.
/// </summary>
public sealed class Referral : IVersioned
{
    public const int ReasonMaxLength = 1000;

    /// <summary>The parts that identify the person: sharing them needs the person's consent to share identifiable data.</summary>
    public const SharedParts IdentifyingParts = SharedParts.Identity | SharedParts.Contacts;

    private Referral() { Services = ""; }

    public Referral(Guid caseId, Guid from, Guid to, IReadOnlyCollection<string> services, SharedParts parts, DateTime? validUntil, Guid? by, DateTime now)
    {
        if (from == to) throw new DomainException("toOrganisationId", "Refer to another organisation.");
        if (services.Count == 0) throw new DomainException("services", "Name at least one service the person needs.");
        if (validUntil is { } v && v <= now) throw new DomainException("validUntil", "The end of access must be in the future.");
        Id = Ids.NewV7();
        CaseId = caseId;
        FromOrganisationId = from;
        ToOrganisationId = to;
        Services = string.Join(';', services);
        Parts = parts | SharedParts.CaseDetails;
        ValidUntil = validUntil;
        CreatedByUserId = by;
        CreatedAt = now;
        State = ReferralState.Pending;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid FromOrganisationId { get; private set; }
    public Guid ToOrganisationId { get; private set; }
    public string Services { get; private set; }

    /// <summary>The service codes in a referral's <see cref="Services"/> (stored joined by ';').</summary>
    public static string[] ServiceCodes(string services) => services.Split(';', StringSplitOptions.RemoveEmptyEntries);
    public SharedParts Parts { get; private set; }
    public ReferralState State { get; private set; }
    public DateTime? ValidUntil { get; private set; }
    public Guid? CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? Reason { get; private set; }
    public bool ConsentOverridden { get; private set; }
    /// <summary>Why consent was overridden; on the record (for the data protection officer), never in the audit detail.</summary>
    public string? OverrideReason { get; private set; }
    /// <summary>The supervisor the requester named to approve the override; approving is their own act (two-person rule).</summary>
    public Guid? OverrideApproverId { get; private set; }
    /// <summary>When the named supervisor approved; null while awaiting, and for good when they refused.</summary>
    public DateTime? OverrideApprovedAt { get; private set; }
    public DateTime? OverrideRefusedAt { get; private set; }
    public long Version { get; set; }

    public bool GrantsAccess(DateTime now) => State == ReferralState.Accepted && (ValidUntil is null || ValidUntil > now);

    /// <summary>
    /// Made without the person's consent: it waits for the named supervisor's own approval and grants nothing until
    /// then, so no single supervisor can share without consent alone.
    /// </summary>
    public void RequestConsentOverride(string reason, Guid approver)
    {
        if (State != ReferralState.Pending || ConsentOverridden) throw new DomainException("state", "Only a new referral can be made under a consent override.");
        if (approver == CreatedByUserId) throw new DomainException("approvedBySupervisorId", "Another case supervisor must approve the override, not the one who asks for it.");
        ConsentOverridden = true;
        OverrideReason = Clip(reason);
        OverrideApproverId = approver;
        State = ReferralState.AwaitingOverrideApproval;
    }

    /// <summary>The named supervisor approves: the referral becomes pending, and the receiver may accept it as usual.</summary>
    public void ApproveConsentOverride(Guid by, DateTime now)
    {
        AwaitingApprovalBy(by);
        State = ReferralState.Pending;
        OverrideApprovedAt = now;
    }

    /// <summary>The named supervisor refuses: the referral ends, withdrawn with their reason; the receiver never saw it.</summary>
    public void RefuseConsentOverride(Guid by, string? reason, DateTime now)
    {
        AwaitingApprovalBy(by);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "Give a reason for refusing the override.");
        State = ReferralState.Withdrawn;
        Reason = Clip(reason);
        DecidedAt = now;
        OverrideRefusedAt = now;
    }

    /// <summary>
    /// Names another supervisor to approve an override that still waits: the one named may have been deactivated, lost
    /// the case supervisor role, or be away. Normally only the requester may; once the requester can no longer act
    /// themselves (<paramref name="requesterCanAct"/> false: deactivated, no longer a case supervisor, account gone), any
    /// case supervisor of the organisation may, or the request could never be decided. The two-person rule holds: the
    /// new approver is neither the requester nor the one who names them. Whether the new approver is an active case
    /// supervisor of the organisation (<paramref name="approverIsActiveSupervisor"/>) is a fact of the accounts, read
    /// by the use case. Earlier approvers lose the right to decide at once: only the supervisor named now may.
    /// </summary>
    public void ChangeOverrideApprover(Guid approver, bool approverIsActiveSupervisor, Guid by, bool requesterCanAct)
    {
        if (State != ReferralState.AwaitingOverrideApproval) throw new DomainException("state", $"The referral is {State.ToString().ToLowerInvariant()}; there is no override awaiting approval.");
        if (by != CreatedByUserId && requesterCanAct) throw new DomainException("requester", "Only the supervisor who asked for this override can name another approver while they can still act.");
        if (approver == CreatedByUserId) throw new DomainException("approvedBySupervisorId", "Another case supervisor must approve the override, not the one who asked for it.");
        if (approver == by) throw new DomainException("approvedBySupervisorId", "Name another case supervisor, not yourself.");
        if (approver == OverrideApproverId) throw new DomainException("approvedBySupervisorId", "This supervisor is already named to approve the override; choose another.");
        if (!approverIsActiveSupervisor) throw new DomainException("approvedBySupervisorId", "The approver must be an active case supervisor of your organisation.");
        OverrideApproverId = approver;
    }

    private void AwaitingApprovalBy(Guid by)
    {
        if (State != ReferralState.AwaitingOverrideApproval) throw new DomainException("state", $"The referral is {State.ToString().ToLowerInvariant()}; there is no override awaiting approval.");
        if (by == CreatedByUserId) throw new DomainException("approval", "You asked for this override; the supervisor you named must approve it.");
        if (by != OverrideApproverId) throw new DomainException("approval", "Only the supervisor named in the request may approve or refuse this override.");
    }

    /// <summary>
    /// The person withdrew consent to share identifiable data with the receiver: the referral goes on for its services,
    /// but the receiver stops seeing identity and contacts at once. Returns whether anything was withheld.
    /// </summary>
    public bool WithholdIdentifyingData()
    {
        if ((Parts & IdentifyingParts) == 0 || State is not (ReferralState.Pending or ReferralState.Accepted)) return false;
        Parts &= ~IdentifyingParts;
        return true;
    }

    public void Accept(DateTime now) => Decide(ReferralState.Pending, ReferralState.Accepted, null, now);

    public void Decline(string? reason, DateTime now) =>
        Decide(ReferralState.Pending, ReferralState.Declined, string.IsNullOrWhiteSpace(reason) ? throw new DomainException("reason", "Give a reason for declining.") : reason, now);

    public void Complete(DateTime now) => Decide(ReferralState.Accepted, ReferralState.Completed, null, now);

    public void Withdraw(string? reason, DateTime now)
    {
        if (State is not (ReferralState.Pending or ReferralState.Accepted or ReferralState.AwaitingOverrideApproval)) throw new DomainException("state", $"A {State.ToString().ToLowerInvariant()} referral cannot be withdrawn.");
        State = ReferralState.Withdrawn;
        Reason = Clip(reason);
        DecidedAt = now;
    }

    /// <summary>After the person of the case was erased: the free-text reasons (decline, withdrawal, consent
    /// override) become the erasure marker; who referred to whom, when and in which state stay.</summary>
    public void RedactAfterErasure()
    {
        if (Reason is not null) Reason = Privacy.Erasure.Marker;
        if (OverrideReason is not null) OverrideReason = Privacy.Erasure.Marker;
    }

    private void Decide(ReferralState from, ReferralState to, string? reason, DateTime now)
    {
        if (State != from) throw new DomainException("state", $"The referral is {State.ToString().ToLowerInvariant()}; it cannot become {to.ToString().ToLowerInvariant()}.");
        State = to;
        Reason = Clip(reason);
        DecidedAt = now;
    }

    private static string? Clip(string? s) => CheckReason(s)?.Trim();

    /// <summary>
    /// The reason as sent, or a field error when it is too long. Also for the steps that keep no reason (accept,
    /// complete, approve): a 1 MB "reason" is bad input there too, not something to drop silently while the step goes through.
    /// </summary>
    public static string? CheckReason(string? s) => s is { Length: > ReasonMaxLength } ? throw new DomainException("reason", $"Must be at most {ReasonMaxLength} characters.") : s;
}
