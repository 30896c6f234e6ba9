using Palermo.Data;

namespace Palermo.Referrals;

public enum ReferralState
{
    Pending = 1,
    Accepted = 2,
    Declined = 3,
    Completed = 4,
    Withdrawn = 5,
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
        if (from == to) throw new DomainException("toOrganisation", "Refer to another organisation.");
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
    public Guid? OverrideApprovedBy { get; private set; }
    public long Version { get; set; }

    public bool GrantsAccess(DateTime now) => State == ReferralState.Accepted && (ValidUntil is null || ValidUntil > now);

    public void OverrideConsent(string reason, Guid approvedBy)
    {
        ConsentOverridden = true;
        OverrideReason = Clip(reason);
        OverrideApprovedBy = approvedBy;
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
        if (State is not (ReferralState.Pending or ReferralState.Accepted)) throw new DomainException("state", $"A {State.ToString().ToLowerInvariant()} referral cannot be withdrawn.");
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

    private static string? Clip(string? s) => s is { Length: > ReasonMaxLength } ? throw new DomainException("reason", $"Must be at most {ReasonMaxLength} characters.") : s?.Trim();
}
