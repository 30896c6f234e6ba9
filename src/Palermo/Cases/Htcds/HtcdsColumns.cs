using System.Collections.Frozen;

namespace Palermo.Cases.Htcds;

/// <summary>
/// The HTCDS 2.0 columns Palermo reads and writes (IOM's prefixed field names), plus Palermo's own <c>pal_</c>
/// columns for what HTCDS has no field for. Export writes them in this order; import accepts them in any order.
/// </summary>
public static class HtcdsColumns
{
    public const string OrganisationType = "org_Type";
    public const string ExternalId = "pal_ExternalId";
    public const string Reference = "pal_Reference";
    public const string FirstName = "prs_FirstName";
    public const string MiddleName = "prs_MiddleName";
    public const string SecondName = "prs_SecondName";
    public const string Aliases = "pal_Aliases";
    public const string Birthdate = "prs_Birthdate";
    public const string EstimatedAge = "pal_EstimatedAge";
    public const string Gender = "prs_Gender";
    public const string Citizenship = "prs_Citizenship";
    public const string PrimaryLanguage = "prs_PrimaryLanguage";
    public const string SecondaryLanguage = "prs_SecondaryLanguage";
    public const string IdentityNumber = "prs_IdentityNumber";
    public const string MobilePhone = "prs_MobilePhone";
    public const string Email = "prs_Email";
    public const string MailingStreet = "prs_MailingStreet";
    public const string MailingCity = "prs_MailingCity";
    public const string MailingState = "prs_MailingState";
    public const string MailingPostalCode = "prs_MailingPostalCode";
    public const string MailingCountry = "prs_MailingCountry";
    public const string TraffickingStatus = "vic_TraffickingStatus";
    public const string DecisionMakingOrg = "vic_TraffickingStatusDecisionMakingOrg";
    public const string AgeWhenTrafficked = "vic_AgeWhenTrafficked";
    public const string RelationshipToTrafficker = "vic_RelationshipToTrafficker";
    public const string MethodOfRecruitment = "vic_MethodOfRecruitment";
    public const string MethodsOfControl = "vic_MethodsOfControl";
    public const string TypeOfExploitation = "vic_TypeOfExploitation";
    public const string ForcedLabourIndustry = "vic_ForcedLabourIndustry";
    public const string TypeOfSexExploitation = "vic_TypeOfSexExploitation";
    public const string LocationOfRecruitment = "vic_LocationOfRecruitment";
    public const string LocationOfExploitation = "vic_LocationOfExploitation";
    public const string EventType = "hte_Type";
    public const string EventCountry = "hte_Country";
    public const string EventCity = "hte_City";
    public const string EventDate = "hte_Date";
    public const string CaseStatus = "cas_Status";
    public const string ReasonForClosure = "cas_ReasonForCaseClosure";
    public const string CountryOfDetection = "pal_CountryOfDetection";
    public const string IdentificationDate = "pal_IdentificationDate";
    public const string Risk = "pal_Risk";
    public const string ChildAtExploitation = "pal_ChildAtExploitation";
    public const string Guardian = "pal_Guardian";
    public const string ReasonableGroundsDate = "pal_ReasonableGroundsDate";
    public const string ReasonableGroundsOutcome = "pal_ReasonableGroundsOutcome";
    public const string ReasonableGroundsReasons = "pal_ReasonableGroundsReasons";
    public const string ConclusiveGroundsDate = "pal_ConclusiveGroundsDate";
    public const string ConclusiveGroundsOutcome = "pal_ConclusiveGroundsOutcome";
    public const string ConclusiveGroundsReasons = "pal_ConclusiveGroundsReasons";
    public const string PerpetratorRoleInProcess = "per_RoleInProcess";
    public const string PerpetratorFirstName = "per_FirstName";
    public const string PerpetratorSecondName = "per_SecondName";
    public const string PerpetratorGender = "per_Gender";
    public const string PerpetratorBirthdate = "per_Birthdate";
    public const string PerpetratorAge = "per_Age";
    public const string PerpetratorCitizenship = "per_Citizenship";
    public const string SupportPlanType = "spl_Type";
    public const string SupportPlanObjectives = "spl_Objectives";
    public const string SupportPlanActionPlan = "spl_ActionPlan";
    public const string SupportPlanPlannedEndDate = "spl_PlannedEndDate";
    public const string SupportPlanActualEndDate = "spl_ActualEndDate";
    public const string Consent = "con_Consent";
    public const string ReferringOrganisation = "cas_ReferringOrganisation";
    public const string IncomingReferralDate = "cas_IncomingReferralDate";
    public const string ReasonForIncomingReferral = "cas_ReasonForIncomingReferral";
    public const string ReferredOrganisation = "cas_ReferredOrganisation";
    public const string OutgoingReferralDate = "cas_OutgoingReferralDate";
    public const string ReasonForOutgoingReferral = "cas_ReasonForOutgoingReferral";

    public static readonly IReadOnlyList<string> All =
    [
        OrganisationType, ExternalId, Reference, FirstName, MiddleName, SecondName, Aliases, Birthdate, EstimatedAge, Gender, Citizenship,
        PrimaryLanguage, SecondaryLanguage, IdentityNumber, MobilePhone, Email,
        MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, TraffickingStatus, DecisionMakingOrg, AgeWhenTrafficked,
        RelationshipToTrafficker, MethodOfRecruitment, MethodsOfControl, TypeOfExploitation, ForcedLabourIndustry, TypeOfSexExploitation, LocationOfRecruitment,
        LocationOfExploitation, EventType, EventCountry, EventCity, EventDate, CaseStatus, ReasonForClosure, CountryOfDetection,
        IdentificationDate, Risk, ChildAtExploitation, Guardian, ReasonableGroundsDate, ReasonableGroundsOutcome,
        ReasonableGroundsReasons, ConclusiveGroundsDate, ConclusiveGroundsOutcome, ConclusiveGroundsReasons,
        PerpetratorRoleInProcess, PerpetratorFirstName, PerpetratorSecondName, PerpetratorGender, PerpetratorBirthdate, PerpetratorAge, PerpetratorCitizenship,
        SupportPlanType, SupportPlanObjectives, SupportPlanActionPlan, SupportPlanPlannedEndDate, SupportPlanActualEndDate,
        ReferringOrganisation, IncomingReferralDate, ReasonForIncomingReferral, Consent, ReferredOrganisation, OutgoingReferralDate, ReasonForOutgoingReferral,
    ];

    /// <summary>Without these a row cannot become a case (and a re-import could not find it again).</summary>
    public static readonly IReadOnlyList<string> Required = [ExternalId, FirstName, CountryOfDetection, IdentificationDate];

    /// <summary>Free text typed by people: the only cells that can carry a spreadsheet formula, so the only ones neutralised.</summary>
    public static readonly FrozenSet<string> FreeText = new[]
    {
        ExternalId, FirstName, MiddleName, SecondName, Aliases, PrimaryLanguage, SecondaryLanguage, IdentityNumber, MobilePhone, Email,
        MailingStreet, MailingCity, MailingState, MailingPostalCode, EventCity, ReasonForClosure, Guardian, ReasonableGroundsReasons, ConclusiveGroundsReasons, SupportPlanObjectives, SupportPlanActionPlan,
        ReferringOrganisation, ReferredOrganisation, PerpetratorFirstName, PerpetratorSecondName,
    }.ToFrozenSet();

    /// <summary>
    /// HTCDS columns Palermo does not read (yet), named exactly: none at present (the other perpetrator columns are a
    /// family, <see cref="UnsupportedPrefixes"/>). A file with them is refused unless the importer asks to skip them,
    /// and then the result names each one skipped.
    /// </summary>
    private static readonly FrozenDictionary<string, string> UnsupportedNames = Array.Empty<string>()
        .ToFrozenDictionary(c => c, c => c, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Column families named by prefix: HTCDS has many perpetrator fields, and Palermo reads the seven above
    /// (<c>per_RoleInProcess</c>, names, gender, birth date, age, citizenship); any other <c>per_…</c> is left out with
    /// the option, refused without it.
    /// </summary>
    private static readonly string[] UnsupportedPrefixes = ["per_"];

    /// <summary>
    /// The column's name when it is an HTCDS column Palermo does not read (see <see cref="UnsupportedNames"/>), else
    /// null. A family member (<c>per_…</c>) must continue with letters or digits only, so a
    /// mangled header is still refused as unknown.
    /// </summary>
    public static string? Unsupported(string name)
    {
        var n = name.Trim();
        if (UnsupportedNames.TryGetValue(n, out var known)) return known;
        foreach (var prefix in UnsupportedPrefixes)
        {
            if (n.Length > prefix.Length && n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && n.AsSpan(prefix.Length).ContainsAnyExcept(AsciiLettersAndDigits) is false)
                return prefix + n[prefix.Length..];
        }

        return null;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static readonly FrozenDictionary<string, string> ByLowerName = All.ToFrozenDictionary(c => c, c => c, StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical spelling of a column name (matching ignores case), or null when Palermo does not know it.</summary>
    public static string? Canonical(string name) => ByLowerName.TryGetValue(name.Trim(), out var c) ? c : null;

    /// <summary>The column an error of <see cref="CaseInput"/> (which names its own fields) belongs to.</summary>
    public static string ForField(string field) => field switch
    {
        "givenName" => FirstName,
        "familyName" => SecondName,
        "aliases" => Aliases,
        "birthDate" => Birthdate,
        "estimatedAge" => EstimatedAge,
        "gender" => Gender,
        "citizenships" => Citizenship,
        "languages" => PrimaryLanguage + "/" + SecondaryLanguage,
        "contacts" => MobilePhone + "/" + Email,
        "documentNumber" => IdentityNumber,
        "mailingStreet" => MailingStreet,
        "mailingCity" => MailingCity,
        "mailingState" => MailingState,
        "mailingPostalCode" => MailingPostalCode,
        "mailingCountry" => MailingCountry,
        "traffickingStatus" => TraffickingStatus,
        "statusDecidedBy" => DecisionMakingOrg,
        "exploitation" => TypeOfExploitation,
        "methodsOfControl" => MethodsOfControl,
        "relationshipToTrafficker" => RelationshipToTrafficker,
        "methodsOfRecruitment" => MethodOfRecruitment,
        "labourIndustry" => ForcedLabourIndustry,
        "sexExploitation" => TypeOfSexExploitation,
        "countryOfDetection" => CountryOfDetection,
        "identificationDate" => IdentificationDate,
        "childAtExploitation" => ChildAtExploitation,
        "guardian" => Guardian,
        "risk" => Risk,
        "events" => "hte_*",
        "externalId" => ExternalId,
        "referringOrganisation" => ReferringOrganisation,
        "incomingReferralDate" => IncomingReferralDate,
        "reasonForIncomingReferral" => ReasonForIncomingReferral,
        "perpetratorRoles" => PerpetratorRoleInProcess,
        "perpetratorFirstName" => PerpetratorFirstName,
        "perpetratorSecondName" => PerpetratorSecondName,
        "perpetratorGender" => PerpetratorGender,
        "perpetratorBirthDate" => PerpetratorBirthdate,
        "perpetratorAge" => PerpetratorAge,
        "perpetratorCitizenships" => PerpetratorCitizenship,
        "types" => SupportPlanType,
        "objectives" => SupportPlanObjectives,
        "actionPlan" => SupportPlanActionPlan,
        "plannedEndDate" => SupportPlanPlannedEndDate,
        "actualEndDate" => SupportPlanActualEndDate,
        _ => field,
    };
}
