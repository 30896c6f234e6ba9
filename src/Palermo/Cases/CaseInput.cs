using System.Globalization;
using Palermo.Organisations;

namespace Palermo.Cases;

public sealed record EventInput(string? Type, string? Country, string? Date, string? City = null);

/// <summary>
/// A registration or update as it arrives from a form, the API or an import row: text, parsed and validated in one
/// place so that every entrance reports the same field names.
/// </summary>
public sealed record CaseInput
{
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public string? Aliases { get; init; }
    public string? BirthDate { get; init; }
    public string? EstimatedAge { get; init; }
    public string? Gender { get; init; }
    public IReadOnlyList<string>? Citizenships { get; init; }
    public string? Languages { get; init; }
    public string? Contacts { get; init; }
    public string? DocumentNumber { get; init; }
    /// <summary>Mailing address (HTCDS prs_Mailing…): street, city, state or region, postal code, country (ISO 3166).</summary>
    public string? MailingStreet { get; init; }
    public string? MailingCity { get; init; }
    public string? MailingState { get; init; }
    public string? MailingPostalCode { get; init; }
    public string? MailingCountry { get; init; }
    public string? TraffickingStatus { get; init; }
    public string? StatusDecidedBy { get; init; }
    public IReadOnlyList<string>? Exploitation { get; init; }
    public IReadOnlyList<string>? MethodsOfControl { get; init; }
    public string? LabourIndustry { get; init; }
    public IReadOnlyList<string>? SexExploitation { get; init; }
    public string? RelationshipToTrafficker { get; init; }
    public IReadOnlyList<string>? MethodsOfRecruitment { get; init; }
    public string? CountryOfDetection { get; init; }
    public string? IdentificationDate { get; init; }
    public string? ChildAtExploitation { get; init; }
    public string? Guardian { get; init; }
    public string? Risk { get; init; }
    public IReadOnlyList<EventInput>? Events { get; init; }
    /// <summary>An outside organisation that referred the case here (HTCDS cas_ReferringOrganisation), free text.</summary>
    public string? ReferringOrganisation { get; init; }
    public string? IncomingReferralDate { get; init; }
    /// <summary>AdditionalServicesRequired, MigrationOrChangeOfLocation or Other; only with a referring organisation.</summary>
    public string? ReasonForIncomingReferral { get; init; }
    /// <summary>The perpetrator or suspect (HTCDS per_…): roles (multi), names, gender, birth date or age, citizenships (ISO 3166).</summary>
    public IReadOnlyList<string>? PerpetratorRoles { get; init; }
    public string? PerpetratorFirstName { get; init; }
    public string? PerpetratorSecondName { get; init; }
    public string? PerpetratorGender { get; init; }
    public string? PerpetratorBirthDate { get; init; }
    public string? PerpetratorAge { get; init; }
    public IReadOnlyList<string>? PerpetratorCitizenships { get; init; }

    public PersonDetails ToPerson()
    {
        var citizenships = CountryList(Citizenships, CitizenshipSeparator, "citizenships");
        var d = new PersonDetails(GivenName?.Trim() ?? "", Blank(FamilyName), Blank(Aliases), Date(BirthDate, "birthDate"),
            string.IsNullOrWhiteSpace(Gender) ? Cases.Gender.NonSpecifiedUnknown : Vocabulary.Parse<Gender>(Gender, "gender"),
            citizenships, Blank(Languages), Blank(Contacts), Blank(DocumentNumber), Mailing());
        d.Validate();
        return d;
    }

    private MailingAddress? Mailing()
    {
        var country = string.IsNullOrWhiteSpace(MailingCountry) ? null
            : CountryCodes.ToAlpha3(MailingCountry.Trim()) ?? throw new DomainException("mailingCountry", "Unknown country code: use ISO 3166 codes such as UKR or UA.");
        return MailingAddress.From(MailingStreet, MailingCity, MailingState, MailingPostalCode, country);
    }

    public CaseFacts ToFacts(DateTime now)
    {
        var identification = Date(IdentificationDate, "identificationDate") ?? throw new DomainException("identificationDate", "The identification date is required.");
        var estimated = ParseEstimatedAge(EstimatedAge);

        bool? child = string.IsNullOrWhiteSpace(ChildAtExploitation) ? null
            : bool.TryParse(ChildAtExploitation, out var c) ? c
            : ChildAtExploitation.Trim() is "1" or "yes" ? true : ChildAtExploitation.Trim() is "0" or "no" ? false
            : throw new DomainException("childAtExploitation", "Use true or false.");
        // A JSON list may hold a null where an event belongs.
        if (Events?.Any(e => e is null) == true) throw new DomainException("events", "A trafficking event needs at least its type and country.");
        var events = (Events ?? []).Select(e => new TraffickingEventFacts(
            Vocabulary.Parse<TraffickingEventType>(e.Type, "events"),
            CountryCodes.ToAlpha3(e.Country) ?? throw new DomainException("events", "Unknown country in a trafficking event: use ISO 3166 codes."),
            Date(e.Date, "events"),
            Blank(e.City))).ToList();
        var facts = new CaseFacts(
            string.IsNullOrWhiteSpace(TraffickingStatus) ? Cases.TraffickingStatus.PossibleVictimOfTrafficking : Vocabulary.Parse<TraffickingStatus>(TraffickingStatus, "traffickingStatus"),
            Vocabulary.ParseOptional<DecisionMakingOrg>(StatusDecidedBy, "statusDecidedBy"),
            Vocabulary.ParseFlags<ExploitationType>(Exploitation, "exploitation"),
            Vocabulary.ParseFlags<MethodOfControl>(MethodsOfControl, "methodsOfControl"),
            Vocabulary.ParseOptional<LabourIndustry>(LabourIndustry, "labourIndustry"),
            Vocabulary.ParseFlags<SexExploitationType>(SexExploitation, "sexExploitation"),
            CountryCodes.ToAlpha3(CountryOfDetection) ?? throw new DomainException("countryOfDetection", "Unknown or missing country of detection: use an ISO 3166 code such as ITA."),
            identification,
            Date(BirthDate, "birthDate"),
            estimated,
            child,
            Blank(Guardian),
            string.IsNullOrWhiteSpace(Risk) ? RiskLevel.Unknown : Vocabulary.Parse<RiskLevel>(Risk, "risk"),
            events,
            Vocabulary.ParseOptional<RelationshipToTrafficker>(RelationshipToTrafficker, "relationshipToTrafficker"),
            Vocabulary.ParseFlags<RecruitmentMethod>(MethodsOfRecruitment, "methodsOfRecruitment"),
            Incoming(),
            Vocabulary.ParseFlags<PerpetratorRole>(PerpetratorRoles, "perpetratorRoles"),
            Perpetrator());
        facts.Validate(now);
        return facts;
    }

    /// <summary>The incoming referral, when an organisation is named; a date or reason without one is refused, not dropped.</summary>
    private IncomingReferral? Incoming()
    {
        var date = Date(IncomingReferralDate, "incomingReferralDate");
        var reason = Vocabulary.ParseOptional<IncomingReferralReason>(ReasonForIncomingReferral, "reasonForIncomingReferral");
        var organisation = Blank(ReferringOrganisation);
        if (organisation is null && reason is not null)
            throw new DomainException("reasonForIncomingReferral", "A reason for the incoming referral needs the referring organisation.");
        if (organisation is null && date is not null)
            throw new DomainException("incomingReferralDate", "A date of the incoming referral needs the referring organisation.");
        return organisation is null ? null : new IncomingReferral(organisation, date, reason);
    }

    // One array for every row of an import, not one per call.
    private static readonly char[] CitizenshipSeparators = [';', ',', ' '];
    private static readonly char[] CitizenshipSeparator = [';'];

    /// <summary>
    /// Alpha-3 codes, each once and in order, from entries that may each hold several codes; a form posts an empty
    /// field as a null entry. Read in place: an import reads two of these per row.
    /// </summary>
    private static List<string> CountryList(IReadOnlyList<string>? entries, char[] separators, string field)
    {
        var codes = new List<string>(entries?.Count ?? 0);
        foreach (var entry in entries ?? [])
        {
            if (entry is null) continue;
            var span = entry.AsSpan();
            foreach (var range in span.SplitAny(separators))
            {
                var part = span[range].Trim();
                if (part.IsEmpty) continue;
                var code = CountryCodes.ToAlpha3(part) ?? throw new DomainException(field, "Unknown country code: use ISO 3166 codes such as UKR or UA.");
                if (!codes.Contains(code)) codes.Add(code);
            }
        }

        return codes;
    }

    /// <summary>The perpetrator's personal details, or null when none is given.</summary>
    private PerpetratorDetails? Perpetrator()
    {
        // A form posts its empty citizenship field as a null entry.
        var citizenships = CountryList(PerpetratorCitizenships, CitizenshipSeparators, "perpetratorCitizenships");
        int? age = string.IsNullOrWhiteSpace(PerpetratorAge) ? null
            : int.TryParse(PerpetratorAge.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a <= 120 ? a
            : throw new DomainException("perpetratorAge", "The perpetrator's age must be a whole number between 0 and 120.");
        var p = new PerpetratorDetails(Blank(PerpetratorFirstName), Blank(PerpetratorSecondName),
            Vocabulary.ParseOptional<Gender>(PerpetratorGender, "perpetratorGender"), Date(PerpetratorBirthDate, "perpetratorBirthDate"), age, citizenships);
        return p.IsEmpty ? null : p;
    }

    public static int? ParseEstimatedAge(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        return int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a <= 120
            ? a : throw new DomainException("estimatedAge", "The estimated age must be a whole number between 0 and 120.");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static DateOnly? Date(string? s, string field)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var date = IsoDate(s.AsSpan().Trim()) ?? throw new DomainException(field, "Use a date in the form YYYY-MM-DD.");
        // 0001-01-01 or 9999-12-31 is a slip or a placeholder, never a date in a case; stored, it would sort first or last
        // in every list and make every span (age, duration, expiry) nonsense.
        return date >= EarliestDate && date <= LatestDate ? date
            : throw new DomainException(field, $"Use a date between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.");
    }

    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>
    /// Exactly what <c>DateOnly.TryParseExact(s, "yyyy-MM-dd", InvariantCulture)</c> accepts, read digit by digit: an
    /// import validates several dates per row, and the general parser cost more than the rest of a row's checks.
    /// </summary>
    internal static DateOnly? IsoDate(ReadOnlySpan<char> s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return null;
        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)) return null;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateOnly(year, month, day);

        static bool Digits(ReadOnlySpan<char> digits, out int value)
        {
            value = 0;
            foreach (var c in digits)
            {
                if (!char.IsAsciiDigit(c)) return false;
                value = value * 10 + (c - '0');
            }

            return true;
        }
    }
}
