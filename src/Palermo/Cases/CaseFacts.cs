using Palermo.Organisations;

namespace Palermo.Cases;

/// <summary>One trafficking event; the city is sealed with the person's key when stored (a small town can identify a victim).</summary>
public sealed record TraffickingEventFacts(TraffickingEventType Type, string Country, DateOnly? Date, string? City = null);

/// <summary>
/// How the case came to the organisation from outside Palermo (HTCDS <c>cas_ReferringOrganisation</c>,
/// <c>cas_IncomingReferralDate</c>, <c>cas_ReasonForIncomingReferral</c>): the name of the referring organisation, free
/// text, with an optional date and reason. Not a Palermo referral: it grants nobody access to anything.
/// </summary>
public sealed record IncomingReferral(string Organisation, DateOnly? Date, IncomingReferralReason? Reason)
{
    public const int OrganisationMaxLength = 200;
}

/// <summary>The case-level facts a form, the API or an import supplies; validated as a whole before anything is stored.</summary>
public sealed record CaseFacts(
    TraffickingStatus Status,
    DecisionMakingOrg? StatusDecidedBy,
    ExploitationType Exploitation,
    MethodOfControl MethodsOfControl,
    LabourIndustry? LabourIndustry,
    SexExploitationType SexExploitation,
    string CountryOfDetection,
    DateOnly IdentificationDate,
    DateOnly? BirthDate,
    int? EstimatedAge,
    bool? ChildAtExploitation,
    string? Guardian,
    RiskLevel Risk,
    IReadOnlyList<TraffickingEventFacts> Events,
    RelationshipToTrafficker? RelationshipToTrafficker = null,
    RecruitmentMethod MethodsOfRecruitment = RecruitmentMethod.None,
    IncomingReferral? IncomingReferral = null,
    PerpetratorRole PerpetratorRoles = PerpetratorRole.None,
    PerpetratorDetails? Perpetrator = null)
{
    /// <summary>No event or referral of a case is older than this (a mistyped year such as 0202 is refused, not stored).</summary>
    private static readonly DateOnly EarliestDate = new(1900, 1, 1);

    public void Validate(DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        if (!CountryCodes.IsAlpha3(CountryOfDetection)) throw new DomainException("countryOfDetection", "Unknown country: use an ISO 3166 code such as ITA.");
        if (IdentificationDate > today) throw new DomainException("identificationDate", "The identification date cannot be in the future.");
        if (IdentificationDate < new DateOnly(1950, 1, 1)) throw new DomainException("identificationDate", "The identification date is implausibly early.");
        if (BirthDate is { } b)
        {
            if (b > IdentificationDate) throw new DomainException("birthDate", "The birth date cannot be after the identification date.");
            if (IdentificationDate.Year - b.Year > 120) throw new DomainException("birthDate", "The age at identification must be between 0 and 120.");
        }

        if (EstimatedAge is < 0 or > 120) throw new DomainException("estimatedAge", "The estimated age must be between 0 and 120.");
        // Exploitation comes before identification: someone under 18 when identified was a child when exploited.
        if (ChildAtExploitation == false && AgeAtIdentification() is < 18)
            throw new DomainException("childAtExploitation", "The person was under 18 when identified, so a child when exploited: answer yes, or leave it to the age.");
        if (Events.Count > 50) throw new DomainException("events", "At most 50 trafficking events.");
        foreach (var e in Events)
        {
            if (!CountryCodes.IsAlpha3(e.Country)) throw new DomainException("events", "Unknown country in a trafficking event: use ISO 3166 codes.");
            if (e.Date > today) throw new DomainException("events", "A trafficking event cannot be in the future.");
            if (e.Date < EarliestDate) throw new DomainException("events", "A trafficking event's date is implausibly early.");
            if (BirthDate is { } bd && e.Date < bd) throw new DomainException("events", "A trafficking event cannot precede the birth date.");
            if (e.City is { Length: > CaseEvent.CityMaxLength }) throw new DomainException("events", $"A trafficking event's city must be at most {CaseEvent.CityMaxLength} characters.");
            // HTCDS lists a case's events as parallel ';'-separated lists; a ';' inside a city would shift every later event.
            if (e.City?.Contains(';', StringComparison.Ordinal) == true) throw new DomainException("events", "A trafficking event's city cannot contain ';'.");
            if (e.City is not null && (e.City.AsSpan().ContainsAnyInRange('\u0000', '\u001f') || e.City.AsSpan().ContainsAnyInRange('\u007f', '\u009f')))
                throw new DomainException("events", "A trafficking event's city must be one line of text, without control characters.");
        }

        if (IncomingReferral is { } r)
        {
            if (string.IsNullOrWhiteSpace(r.Organisation)) throw new DomainException("referringOrganisation", "Name the organisation that referred the case.");
            if (r.Organisation.Length > IncomingReferral.OrganisationMaxLength)
                throw new DomainException("referringOrganisation", $"Must be at most {IncomingReferral.OrganisationMaxLength} characters.");
            TextRules.OneLine("referringOrganisation", r.Organisation);
            if (r.Date > today) throw new DomainException("incomingReferralDate", "The referral date cannot be in the future.");
            if (r.Date < EarliestDate) throw new DomainException("incomingReferralDate", "The referral date is implausibly early.");
            if (BirthDate is { } bd && r.Date < bd) throw new DomainException("incomingReferralDate", "The referral date cannot precede the birth date.");
        }

        Perpetrator?.Validate(now);
        if (Guardian is { Length: > Case.ReasonMaxLength }) throw new DomainException("guardian", $"Must be at most {Case.ReasonMaxLength} characters.");
        TextRules.OneLine("guardian", Guardian);
    }

    public int? AgeAtIdentification()
    {
        if (BirthDate is { } b)
        {
            var age = IdentificationDate.Year - b.Year;
            if (IdentificationDate < b.AddYears(age)) age--;
            return age;
        }

        return EstimatedAge;
    }
}
