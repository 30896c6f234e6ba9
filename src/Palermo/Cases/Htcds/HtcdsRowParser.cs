using System.Globalization;
using Palermo.Assistance;
using Palermo.Organisations;
using C = Palermo.Cases.Htcds.HtcdsColumns;

namespace Palermo.Cases.Htcds;

public sealed record GroundsDecision(DateOnly Date, GroundsOutcome Outcome, string? Reasons);

/// <summary>One valid import row: everything a case needs, already checked by the same rules as a registration.</summary>
public sealed record HtcdsImportRow(
    int Row, string ExternalId, PersonDetails Person, CaseFacts Facts, CaseStatus Status, string? ClosureReason,
    GroundsDecision? ReasonableGrounds, GroundsDecision? ConclusiveGrounds, SupportPlanFacts? SupportPlan = null, bool Consent = false);

/// <summary>
/// Turns one row of cells into a <see cref="CaseInput"/> and lets it parse and validate, so that an import and the
/// registration form accept exactly the same values. Each column is first checked on its own with the same parsers,
/// so that a row with several bad cells reports all of them.
/// </summary>
public sealed class HtcdsRowParser(Func<string, string?> cell, int row, List<HtcdsError> errors)
{
    public HtcdsImportRow? Parse(DateTime now)
    {
        var before = errors.Count;
        var externalId = cell(C.ExternalId);
        if (externalId is null) Error(C.ExternalId, "An external id is required: it lets a re-import recognise the case.");
        else if (externalId.Length > Case.ExternalIdMaxLength) Error(C.ExternalId, $"Must be at most {Case.ExternalIdMaxLength} characters.");

        var input = ToInput();
        CheckColumns(input);
        var status = Check(C.CaseStatus, cell(C.CaseStatus), Vocabulary.ParseOptional<CaseStatus>) ?? CaseStatus.Active;
        var reason = cell(C.ReasonForClosure);
        if (status is CaseStatus.Closed or CaseStatus.ClosedReferred && reason is null) Error(C.ReasonForClosure, "A reason is required for a closed case.");
        if (reason is { Length: > Case.ReasonMaxLength }) Error(C.ReasonForClosure, $"Must be at most {Case.ReasonMaxLength} characters.");
        var rg = Grounds(C.ReasonableGroundsDate, C.ReasonableGroundsOutcome, C.ReasonableGroundsReasons, now);
        var cg = Grounds(C.ConclusiveGroundsDate, C.ConclusiveGroundsOutcome, C.ConclusiveGroundsReasons, now);
        // Decisions are taken on an identified person (Case.RecordReasonableGrounds holds the same rule).
        if (cell(C.IdentificationDate) is { } identifiedText && CaseInput.IsoDate(identifiedText.AsSpan().Trim()) is { } identified)
        {
            if (rg?.Date < identified) Error(C.ReasonableGroundsDate, "A decision date cannot precede the identification date.");
            if (cg?.Date < identified) Error(C.ConclusiveGroundsDate, "A decision date cannot precede the identification date.");
        }

        if (rg is not null && rg.Outcome is not (GroundsOutcome.Positive or GroundsOutcome.Negative))
            Error(C.ReasonableGroundsOutcome, "A reasonable-grounds decision is Positive or Negative.");
        if (cg is not null && rg?.Outcome != GroundsOutcome.Positive)
            Error(C.ConclusiveGroundsOutcome, "A conclusive-grounds decision follows a positive reasonable-grounds decision.");
        if (cg is not null && rg is not null && cg.Date < rg.Date)
            Error(C.ConclusiveGroundsDate, "The conclusive-grounds decision cannot precede the reasonable-grounds decision.");
        var plan = SupportPlanOf();
        var consent = Check(C.Consent, cell(C.Consent), Flag) ?? false;
        CheckOrganisationType();
        if (errors.Count > before) return null;

        var person = Check(null, input.ToPerson);
        var facts = Check(null, () => input.ToFacts(now));
        if (plan is not null && facts is not null) Check(null, () => { plan.Validate(facts.IdentificationDate, now); return 0; });
        return person is null || facts is null || errors.Count > before ? null : new HtcdsImportRow(row, externalId!, person, facts, status, reason, rg, cg, plan, consent);
    }

    private CaseInput ToInput()
    {
        var first = cell(C.FirstName);
        var middle = cell(C.MiddleName);
        var child = cell(C.ChildAtExploitation);
        var age = Check(C.AgeWhenTrafficked, cell(C.AgeWhenTrafficked), Age);
        // HTCDS records the age when trafficked; Palermo keeps only "a child at exploitation", so derive it when not given.
        if (child is null && age is { } a) child = a < 18 ? "true" : "false";
        return new CaseInput
        {
            // Palermo keeps one given-name field; a middle name joins it, as the person would write their name.
            GivenName = middle is null ? first : first + " " + middle,
            FamilyName = cell(C.SecondName),
            Aliases = cell(C.Aliases),
            BirthDate = cell(C.Birthdate),
            EstimatedAge = cell(C.EstimatedAge),
            Gender = cell(C.Gender),
            Citizenships = List(C.Citizenship),
            // Palermo keeps the languages as one text, the first being the primary one (export splits them back at ';').
            Languages = Join(cell(C.PrimaryLanguage), cell(C.SecondaryLanguage)),
            Contacts = Join(cell(C.MobilePhone), cell(C.Email)),
            DocumentNumber = cell(C.IdentityNumber),
            MailingStreet = cell(C.MailingStreet),
            MailingCity = cell(C.MailingCity),
            MailingState = cell(C.MailingState),
            MailingPostalCode = cell(C.MailingPostalCode),
            MailingCountry = cell(C.MailingCountry),
            TraffickingStatus = cell(C.TraffickingStatus),
            StatusDecidedBy = cell(C.DecisionMakingOrg),
            Exploitation = List(C.TypeOfExploitation),
            MethodsOfControl = List(C.MethodsOfControl),
            RelationshipToTrafficker = cell(C.RelationshipToTrafficker),
            MethodsOfRecruitment = List(C.MethodOfRecruitment),
            LabourIndustry = cell(C.ForcedLabourIndustry),
            SexExploitation = List(C.TypeOfSexExploitation),
            CountryOfDetection = cell(C.CountryOfDetection),
            IdentificationDate = cell(C.IdentificationDate),
            ChildAtExploitation = child,
            Guardian = cell(C.Guardian),
            Risk = cell(C.Risk),
            Events = Events(),
            ReferringOrganisation = cell(C.ReferringOrganisation),
            IncomingReferralDate = cell(C.IncomingReferralDate),
            ReasonForIncomingReferral = cell(C.ReasonForIncomingReferral),
            PerpetratorRoles = List(C.PerpetratorRoleInProcess),
            PerpetratorFirstName = cell(C.PerpetratorFirstName),
            PerpetratorSecondName = cell(C.PerpetratorSecondName),
            PerpetratorGender = cell(C.PerpetratorGender),
            PerpetratorBirthDate = cell(C.PerpetratorBirthdate),
            PerpetratorAge = cell(C.PerpetratorAge),
            PerpetratorCitizenships = List(C.PerpetratorCitizenship),
        };
    }

    /// <summary>Checks each column alone, with the parsers <see cref="CaseInput"/> uses, naming the column.</summary>
    private void CheckColumns(CaseInput i)
    {
        if (i.GivenName is null) Error(C.FirstName, "A given name (or the name the person uses) is required.");
        Check(C.Birthdate, i.BirthDate, CaseInput.Date);
        Check(C.IdentificationDate, i.IdentificationDate, CaseInput.Date);
        Check(C.EstimatedAge, i.EstimatedAge, Age);
        Check(C.Gender, i.Gender, Vocabulary.ParseOptional<Gender>);
        Check(C.TraffickingStatus, i.TraffickingStatus, Vocabulary.ParseOptional<TraffickingStatus>);
        Check(C.DecisionMakingOrg, i.StatusDecidedBy, Vocabulary.ParseOptional<DecisionMakingOrg>);
        Check(C.TypeOfExploitation, i.Exploitation, Vocabulary.ParseFlags<ExploitationType>);
        Check(C.MethodsOfControl, i.MethodsOfControl, Vocabulary.ParseFlags<MethodOfControl>);
        Check(C.RelationshipToTrafficker, i.RelationshipToTrafficker, Vocabulary.ParseOptional<RelationshipToTrafficker>);
        Check(C.MethodOfRecruitment, i.MethodsOfRecruitment, Vocabulary.ParseFlags<RecruitmentMethod>);
        Check(C.ForcedLabourIndustry, i.LabourIndustry, Vocabulary.ParseOptional<LabourIndustry>);
        Check(C.TypeOfSexExploitation, i.SexExploitation, Vocabulary.ParseFlags<SexExploitationType>);
        Check(C.Risk, i.Risk, Vocabulary.ParseOptional<RiskLevel>);
        if (i.ChildAtExploitation is { } child && !bool.TryParse(child, out _) && child is not ("1" or "0" or "yes" or "no"))
            Error(C.ChildAtExploitation, "Use true or false.");
        if (cell(C.CountryOfDetection) is null) Error(C.CountryOfDetection, "The country of detection is required.");
        Countries(C.CountryOfDetection);
        if (cell(C.MailingCountry) is { } mailingCountry && CountryCodes.ToAlpha3(mailingCountry) is null)
            Error(C.MailingCountry, "Unknown country: use an ISO 3166 alpha-2 or alpha-3 code such as UA or UKR.");
        Check(C.IncomingReferralDate, i.IncomingReferralDate, CaseInput.Date);
        Check(C.ReasonForIncomingReferral, i.ReasonForIncomingReferral, Vocabulary.ParseOptional<IncomingReferralReason>);
        Max(C.ReferringOrganisation, IncomingReferral.OrganisationMaxLength);
        Check(C.PerpetratorRoleInProcess, i.PerpetratorRoles, Vocabulary.ParseFlags<PerpetratorRole>);
        Check(C.PerpetratorGender, i.PerpetratorGender, Vocabulary.ParseOptional<Gender>);
        Check(C.PerpetratorBirthdate, i.PerpetratorBirthDate, CaseInput.Date);
        Check(C.PerpetratorAge, i.PerpetratorAge, Age);
        Countries(C.PerpetratorCitizenship);
        Max(C.PerpetratorFirstName, PerpetratorDetails.NameMaxLength);
        Max(C.PerpetratorSecondName, PerpetratorDetails.NameMaxLength);
        Max(C.MailingStreet, MailingAddress.StreetMaxLength);
        Max(C.MailingCity, MailingAddress.CityMaxLength);
        Max(C.MailingState, MailingAddress.StateMaxLength);
        Max(C.MailingPostalCode, MailingAddress.PostalCodeMaxLength);
        Countries(C.Citizenship);
        Countries(C.LocationOfRecruitment);
        Countries(C.LocationOfExploitation);
        Countries(C.EventCountry);
        foreach (var d in Parts(C.EventDate)) Check(C.EventDate, d, CaseInput.Date);
        foreach (var t in Parts(C.EventType)) Check(C.EventType, t, Vocabulary.Parse<TraffickingEventType>);
        foreach (var city in Parts(C.EventCity))
        {
            if (city.Length > CaseEvent.CityMaxLength) Error(C.EventCity, $"Each city must be at most {CaseEvent.CityMaxLength} characters.");
        }

        var n = Parts(C.EventType).Length;
        if (Parts(C.EventCountry).Length != n || (cell(C.EventDate) is not null && Parts(C.EventDate).Length != n)
            || (cell(C.EventCity) is not null && Parts(C.EventCity).Length != n))
            Error("hte_*", "hte_Type, hte_Country, hte_City and hte_Date must list the same number of events, separated by ';'.");
    }

    /// <summary>Events from the hte_* lists, plus an undated event for each recruitment or exploitation country not already among them.</summary>
    private List<EventInput> Events()
    {
        var types = Parts(C.EventType);
        var countries = Parts(C.EventCountry);
        var dates = Parts(C.EventDate);
        var cities = Parts(C.EventCity);
        var events = new List<EventInput>(types.Length);
        for (var k = 0; k < types.Length; k++)
            events.Add(new EventInput(types[k], countries.ElementAtOrDefault(k), dates.ElementAtOrDefault(k), cities.ElementAtOrDefault(k)));
        Add(events, Parts(C.LocationOfRecruitment), nameof(TraffickingEventType.Recruitment));
        Add(events, Parts(C.LocationOfExploitation), nameof(TraffickingEventType.Exploitation));
        return events;

        static void Add(List<EventInput> events, string[] countries, string type)
        {
            foreach (var c in countries)
            {
                var a3 = CountryCodes.ToAlpha3(c);
                if (!events.Any(e => e.Type == type && CountryCodes.ToAlpha3(e.Country) == a3)) events.Add(new EventInput(type, c, null));
            }
        }
    }

    private GroundsDecision? Grounds(string dateColumn, string outcomeColumn, string reasonsColumn, DateTime now)
    {
        var date = Check(dateColumn, cell(dateColumn), CaseInput.Date);
        var outcome = Check(outcomeColumn, cell(outcomeColumn), Vocabulary.ParseOptional<GroundsOutcome>);
        var reasons = cell(reasonsColumn);
        if (reasons is { Length: > Case.ReasonMaxLength }) Error(reasonsColumn, $"Must be at most {Case.ReasonMaxLength} characters.");
        if (date is null && outcome is null && reasons is null) return null;
        if (date is null) Error(dateColumn, "The decision's date is required with its outcome.");
        if (outcome is null) Error(outcomeColumn, "The decision's outcome is required with its date.");
        if (date > DateOnly.FromDateTime(now)) Error(dateColumn, "A decision date cannot be in the future.");
        return date is { } d && outcome is { } o ? new GroundsDecision(d, o, reasons) : null;
    }

    /// <summary>The spl_* columns: a plan when any of them is filled; its type is then required.</summary>
    private SupportPlanFacts? SupportPlanOf()
    {
        var objectives = cell(C.SupportPlanObjectives);
        var action = cell(C.SupportPlanActionPlan);
        var planned = Check(C.SupportPlanPlannedEndDate, cell(C.SupportPlanPlannedEndDate), CaseInput.Date);
        var actual = Check(C.SupportPlanActualEndDate, cell(C.SupportPlanActualEndDate), CaseInput.Date);
        var types = Check(C.SupportPlanType, List(C.SupportPlanType), Vocabulary.ParseFlags<SupportPlanType>);
        var any = cell(C.SupportPlanType) is not null || objectives is not null || action is not null
            || cell(C.SupportPlanPlannedEndDate) is not null || cell(C.SupportPlanActualEndDate) is not null;
        if (!any) return null;
        if (cell(C.SupportPlanType) is null) Error(C.SupportPlanType, "A support plan needs at least one type.");
        return new SupportPlanFacts(types, objectives, action, planned, actual);
    }

    /// <summary>
    /// org_Type names the kind of organisation that recorded the cases — in a transfer, the sender. It is checked as a
    /// picklist value and not kept: the imported cases belong to the importer, and an export writes the owner's own
    /// type. (Refusing a type other than the importer's would block every transfer between, say, the police and an NGO.)
    /// </summary>
    private void CheckOrganisationType() =>
        Check(C.OrganisationType, cell(C.OrganisationType), Vocabulary.ParseOptional<HtcdsOrganisationType>);

    private void Max(string column, int max)
    {
        if (cell(column) is { Length: var n } && n > max) Error(column, $"Must be at most {max} characters.");
    }

    private void Countries(string column)
    {
        foreach (var c in Parts(column))
        {
            if (CountryCodes.ToAlpha3(c) is null) Error(column, "Unknown country: use ISO 3166 alpha-2 or alpha-3 codes such as UA or UKR.");
        }
    }

    private static bool? Flag(string? s, string column) => s?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => throw new DomainException(column, "Use true or false."),
    };

    private static int? Age(string? s, string column) => s is null ? null
        : int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a <= 120 ? a
        : throw new DomainException(column, "Use a whole number of years between 0 and 120.");

    // The hte_* lists are read by the column checks, the count check and the events: split each once per row.
    private string[]? _types, _countries, _dates, _cities;

    private string[] Parts(string column) => column switch
    {
        C.EventType => _types ??= Split(column),
        C.EventCountry => _countries ??= Split(column),
        C.EventDate => _dates ??= Split(column),
        C.EventCity => _cities ??= Split(column),
        _ => Split(column),
    };

    private string[] Split(string column) => cell(column)?.Split(';', StringSplitOptions.TrimEntries) ?? [];

    private string[]? List(string column) => cell(column) is { } v ? [v] : null;

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "; " + b;

    /// <summary>
    /// <paramref name="parse"/>(<paramref name="value"/>, <paramref name="column"/>), its error reported against the
    /// column. Given a static method, the delegate is cached: an import checks about thirty cells per row, and a lambda
    /// capturing the cell would allocate for each.
    /// </summary>
    private T? Check<TValue, T>(string column, TValue value, Func<TValue, string, T> parse)
    {
        try
        {
            return parse(value, column);
        }
        catch (DomainException ex)
        {
            Error(column, ex.Message);
            return default;
        }
    }

    private T? Check<T>(string? column, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (DomainException ex)
        {
            Error(column ?? HtcdsColumns.ForField(ex.Field), ex.Message);
            return default;
        }
    }

    private void Error(string column, string message) => errors.Add(new HtcdsError(row, column, message));
}
