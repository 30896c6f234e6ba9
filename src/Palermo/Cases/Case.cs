using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// A presumed or identified victim's case in one organisation. The case guards its own lifecycle: decisions,
/// closure and reopening go through its methods, never by setting properties.
/// </summary>
public sealed class Case : IVersioned
{
    public const int ReasonMaxLength = 2000;
    public const int ExternalIdMaxLength = 64;

    private readonly List<CaseEvent> _events = [];
    private readonly List<CaseAssignment> _assignments = [];

    private Case() { Reference = ""; CountryOfDetection = ""; }

    public Guid Id { get; private set; }
    /// <summary>PAL-YYYY-NNNNNN; not personal data.</summary>
    public string Reference { get; private set; }
    /// <summary>The case's id in the system it was imported from, unique per organisation, so a re-import finds it again.</summary>
    public string? ExternalId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid PersonId { get; private set; }
    public Person Person { get; private set; } = null!;
    public TraffickingStatus TraffickingStatus { get; private set; }
    public DecisionMakingOrg? StatusDecidedBy { get; private set; }
    public DateOnly? ReasonableGroundsDate { get; private set; }
    public GroundsOutcome? ReasonableGroundsOutcome { get; private set; }
    public Sealed? ReasonableGroundsReasons { get; private set; }
    public DateOnly? ConclusiveGroundsDate { get; private set; }
    public GroundsOutcome? ConclusiveGroundsOutcome { get; private set; }
    public Sealed? ConclusiveGroundsReasons { get; private set; }
    public ExploitationType Exploitation { get; private set; }
    public MethodOfControl MethodsOfControl { get; private set; }
    public LabourIndustry? LabourIndustry { get; private set; }
    public SexExploitationType SexExploitation { get; private set; }
    public RelationshipToTrafficker? RelationshipToTrafficker { get; private set; }
    public RecruitmentMethod MethodsOfRecruitment { get; private set; }
    /// <summary>HTCDS cas_ReferringOrganisation: the outside organisation that referred the case here (a name, not a Palermo organisation).</summary>
    public string? ReferringOrganisation { get; private set; }
    public DateOnly? IncomingReferralDate { get; private set; }
    public IncomingReferralReason? ReasonForIncomingReferral { get; private set; }
    /// <summary>HTCDS per_RoleInProcess: what the perpetrator or suspect did (readable, like the forms of exploitation).</summary>
    public PerpetratorRole PerpetratorRoles { get; private set; }
    /// <summary>The perpetrator's personal details (<see cref="PerpetratorDetails"/>), sealed with the victim's data key.</summary>
    public Sealed? Perpetrator { get; private set; }
    public string CountryOfDetection { get; private set; }
    public DateOnly IdentificationDate { get; private set; }
    /// <summary>Age in whole years at identification (from the birth date or an estimate); readable for statistics.</summary>
    public int? AgeAtIdentification { get; private set; }
    public bool ChildAtExploitation { get; private set; }
    public Sealed? Guardian { get; private set; }
    public RiskLevel Risk { get; private set; }
    public CaseStatus Status { get; private set; }
    public string? ClosureReason { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public long Version { get; set; }
    public IReadOnlyList<CaseEvent> Events => _events;
    public IReadOnlyList<CaseAssignment> Assignments => _assignments;

    public static Case Open(string reference, Guid organisationId, Person person, CaseFacts facts, Guid? assignTo, PersonCrypto crypto, DateTime now)
    {
        facts.Validate(now);
        var c = new Case
        {
            Id = Ids.NewV7(), Reference = reference, OrganisationId = organisationId, Person = person, PersonId = person.Id,
            Status = CaseStatus.Active, CreatedAt = now, UpdatedAt = now,
        };
        c.Apply(facts, crypto);
        if (assignTo is { } user) c._assignments.Add(new CaseAssignment(c.Id, user, now));
        return c;
    }

    public void Update(CaseFacts facts, PersonCrypto crypto, DateTime now)
    {
        EnsureOpen();
        facts.Validate(now);
        // Decisions are taken on an identified person: the identification cannot move past a recorded one.
        if (ReasonableGroundsDate is { } rg && facts.IdentificationDate > rg)
            throw new DomainException("identificationDate", "The identification date cannot be after the reasonable-grounds decision of " + rg.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ".");
        Apply(facts, crypto);
        UpdatedAt = now;
    }

    /// <summary>
    /// The age at identification after the person's birth date or estimated age was corrected: checked against this
    /// case's dates by the same rules as a registration. Allowed on a closed case too (a correction of the identity
    /// is a right of the person, whatever the state of the case). The child flag stays, unless the corrected age makes
    /// the person a minor at identification: then they were a child when exploited, and the flag says so.
    /// </summary>
    public void CorrectAge(DateOnly? birthDate, int? estimatedAge, DateTime now)
    {
        if (Person?.IsErased == true) throw new DomainException("person", "This person's data was erased.");
        // The flag is left out of the check: a person found younger than recorded becomes a child below, not an error.
        var facts = new CaseFacts(TraffickingStatus, StatusDecidedBy, Exploitation, MethodsOfControl, LabourIndustry, SexExploitation,
            CountryOfDetection, IdentificationDate, birthDate, estimatedAge, null, null, Risk,
            _events.Select(e => new TraffickingEventFacts(e.Type, e.Country, e.Date)).ToList(), RelationshipToTrafficker, MethodsOfRecruitment,
            ReferringOrganisation is null ? null : new IncomingReferral(ReferringOrganisation, IncomingReferralDate, ReasonForIncomingReferral));
        try
        {
            facts.Validate(now);
        }
        catch (DomainException ex) when (ex.Field is "events" or "incomingReferralDate")
        {
            throw new DomainException("birthDate", $"{ex.Message} (case {Reference})");
        }

        var age = facts.AgeAtIdentification();
        if (age == AgeAtIdentification) return;
        AgeAtIdentification = age;
        // Under 18 when identified means a child when exploited (CaseFacts.Validate); an adult's flag stays as it was.
        if (age is < 18) ChildAtExploitation = true;
        UpdatedAt = now;
    }

    public void RecordReasonableGrounds(DateOnly date, GroundsOutcome outcome, string? reasons, PersonCrypto crypto, DateTime now)
    {
        EnsureOpen();
        if (outcome is not (GroundsOutcome.Positive or GroundsOutcome.Negative)) throw new DomainException("outcome", "A reasonable-grounds decision is positive or negative.");
        CheckDecisionDate(date, now);
        // A correction must not leave a conclusive decision behind that no positive reasonable-grounds decision precedes.
        if (ConclusiveGroundsDate is { } cg)
        {
            if (outcome != GroundsOutcome.Positive) throw new DomainException("outcome", "A conclusive-grounds decision is recorded; the reasonable-grounds decision it followed stays positive.");
            if (date > cg) throw new DomainException("date", "The reasonable-grounds decision cannot follow the conclusive-grounds decision recorded on " + cg.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ".");
        }

        var sealedReasons = crypto.SealOptional(Person.DataKey, "rgReasons", Clip(reasons, "reasons"));
        ReasonableGroundsDate = date;
        ReasonableGroundsOutcome = outcome;
        ReasonableGroundsReasons = sealedReasons;
        UpdatedAt = now;
    }

    public void RecordConclusiveGrounds(DateOnly date, GroundsOutcome outcome, string? reasons, PersonCrypto crypto, DateTime now)
    {
        EnsureOpen();
        if (!Enum.IsDefined(outcome)) throw new DomainException("outcome", "Unknown outcome of a conclusive-grounds decision.");
        if (ReasonableGroundsOutcome != GroundsOutcome.Positive) throw new DomainException("outcome", "A conclusive-grounds decision follows a positive reasonable-grounds decision.");
        CheckDecisionDate(date, now);
        if (date < ReasonableGroundsDate) throw new DomainException("date", "The conclusive-grounds decision cannot precede the reasonable-grounds decision.");
        var sealedReasons = crypto.SealOptional(Person.DataKey, "cgReasons", Clip(reasons, "reasons"));
        ConclusiveGroundsDate = date;
        ConclusiveGroundsOutcome = outcome;
        ConclusiveGroundsReasons = sealedReasons;
        if (outcome is GroundsOutcome.Positive or GroundsOutcome.SlaveryServitudeForcedLabour) TraffickingStatus = TraffickingStatus.ActualVictimOfTrafficking;
        UpdatedAt = now;
    }

    /// <summary>
    /// Numbers a case built before its number was reserved (a bulk import builds while the file is still being read,
    /// and numbers each case in file order just before writing it). Only before the case is first stored.
    /// </summary>
    internal void Number(string reference)
    {
        if (Reference.Length > 0) throw new InvalidOperationException("The case already has a reference.");
        Reference = reference;
    }

    public void SetExternalId(string? externalId)
    {
        var id = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        if (id is { Length: > ExternalIdMaxLength }) throw new DomainException("externalId", $"Must be at most {ExternalIdMaxLength} characters.");
        ExternalId = id;
    }

    public void Assign(Guid userId, DateTime now)
    {
        if (_assignments.All(a => a.UserId != userId)) _assignments.Add(new CaseAssignment(Id, userId, now));
    }

    /// <summary>Removes a worker from the case; false when they were not assigned.</summary>
    public bool Unassign(Guid userId) => _assignments.RemoveAll(a => a.UserId == userId) > 0;

    public void Close(CaseStatus closedAs, string? reason, DateTime now)
    {
        EnsureOpen();
        if (closedAs is not (CaseStatus.Closed or CaseStatus.ClosedReferred)) throw new DomainException("status", "Close as Closed or ClosedReferred.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason", "A reason for closing the case is required.");
        Status = closedAs;
        ClosureReason = Clip(reason);
        ClosedAt = now;
        UpdatedAt = now;
    }

    public void FollowUp(DateTime now)
    {
        EnsureOpen();
        if (Status == CaseStatus.FollowUp) throw new DomainException("status", "The case is already in follow-up.");
        Status = CaseStatus.FollowUp;
        UpdatedAt = now;
    }

    /// <summary>Back to Active: from a closure (its reason goes) or from follow-up.</summary>
    public void Reopen(DateTime now)
    {
        if (Status is not (CaseStatus.Closed or CaseStatus.ClosedReferred or CaseStatus.FollowUp))
            throw new DomainException("status", "Only a closed case or one in follow-up can be made active again.");
        Status = CaseStatus.Active;
        ClosureReason = null;
        ClosedAt = null;
        UpdatedAt = now;
    }

    /// <summary>
    /// After the person was crypto-shredded: the readable free text a case worker may have typed a name into
    /// (closure reason, referring organisation) becomes <see cref="Erasure.Marker"/>, and the external id becomes its
    /// keyed pseudonym (still unique, still found by a re-import, which then skips the row instead of re-creating the
    /// erased person). Coded facts, dates and status stay: the statistics row does not change.
    /// </summary>
    public void RedactAfterErasure(string? externalIdPseudonym, DateTime now)
    {
        if (Person is { IsErased: false }) throw new InvalidOperationException("Redact a case only after its person was erased.");
        if (ClosureReason is not null) ClosureReason = Erasure.Marker;
        if (ReferringOrganisation is not null) ReferringOrganisation = Erasure.Marker;
        if (ExternalId is not null) ExternalId = externalIdPseudonym ?? throw new ArgumentNullException(nameof(externalIdPseudonym));
        UpdatedAt = now;
    }

    public bool IsClosed => Status is CaseStatus.Closed or CaseStatus.ClosedReferred;

    private void EnsureOpen()
    {
        if (IsClosed) throw new DomainException("status", "The case is closed; reopen it first.");
        if (Person?.IsErased == true) throw new DomainException("person", "This person's data was erased.");
    }

    private void Apply(CaseFacts f, PersonCrypto crypto)
    {
        TraffickingStatus = f.Status;
        StatusDecidedBy = f.StatusDecidedBy;
        Exploitation = f.Exploitation;
        MethodsOfControl = f.MethodsOfControl;
        LabourIndustry = f.LabourIndustry;
        SexExploitation = f.SexExploitation;
        RelationshipToTrafficker = f.RelationshipToTrafficker;
        MethodsOfRecruitment = f.MethodsOfRecruitment;
        ReferringOrganisation = f.IncomingReferral?.Organisation.Trim();
        IncomingReferralDate = f.IncomingReferral?.Date;
        ReasonForIncomingReferral = f.IncomingReferral?.Reason;
        PerpetratorRoles = f.PerpetratorRoles;
        Perpetrator = f.Perpetrator is { IsEmpty: false } per ? crypto.Seal(Person.DataKey, PerpetratorDetails.SealField, per.ToSealText()) : null;
        CountryOfDetection = f.CountryOfDetection;
        IdentificationDate = f.IdentificationDate;
        AgeAtIdentification = f.AgeAtIdentification();
        ChildAtExploitation = f.ChildAtExploitation ?? AgeAtIdentification is < 18;
        Guardian = crypto.SealOptional(Person.DataKey, "guardian", Clip(f.Guardian));
        Risk = f.Risk;
        _events.Clear();
        _events.AddRange(f.Events.Select(e => new CaseEvent(Id, e.Type, e.Country, e.Date, crypto.SealOptional(Person.DataKey, CaseEvent.CitySealField, e.City))));
    }

    private void CheckDecisionDate(DateOnly date, DateTime now)
    {
        if (date > DateOnly.FromDateTime(now)) throw new DomainException("date", "A decision date cannot be in the future.");
        if (date < IdentificationDate) throw new DomainException("date", "A decision date cannot precede the identification date (" + IdentificationDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + ").");
    }

    private static string? Clip(string? s, string field = "reason")
    {
        if (s is { Length: > ReasonMaxLength }) throw new DomainException(field, $"Must be at most {ReasonMaxLength} characters.");
        TextRules.Plain(field, s);
        return s?.Trim();
    }
}

public sealed class CaseEvent
{
    public const int CityMaxLength = 100;
    /// <summary>The field name bound into the city's seal (AES-GCM associated data).</summary>
    public const string CitySealField = "eventCity";

    private CaseEvent() { Country = ""; }

    public CaseEvent(Guid caseId, TraffickingEventType type, string country, DateOnly? date, Sealed? city = null)
    {
        Id = Ids.NewV7();
        CaseId = caseId;
        Type = type;
        Country = country;
        Date = date;
        City = city;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public TraffickingEventType Type { get; private set; }
    public string Country { get; private set; }
    public DateOnly? Date { get; private set; }
    /// <summary>HTCDS <c>hte_City</c>, sealed with the person's data key: a small town can identify a victim.</summary>
    public Sealed? City { get; private set; }
}

public sealed class CaseAssignment
{
    private CaseAssignment() { }

    public CaseAssignment(Guid caseId, Guid userId, DateTime at)
    {
        CaseId = caseId;
        UserId = userId;
        AssignedAt = at;
    }

    public Guid CaseId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTime AssignedAt { get; private set; }
}
