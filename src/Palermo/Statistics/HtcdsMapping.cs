namespace Palermo.Statistics;

/// <summary>Maps HTCDS 2.0 case values (reference/htcds.md) onto the statistics codes, so the producer of
/// <see cref="StatisticsRecord"/>s does not re-invent the GLOTIP and CTDC categories. Unknown values map to
/// "unknown" / no flag rather than failing: a report must not stop on one odd case value.</summary>
public static class HtcdsMapping
{
    /// <summary><c>prs_Gender</c>: Feminine / Masculine; the transgender and non-conforming values → Other.</summary>
    public static Sex Sex(string? gender) => gender switch
    {
        "Feminine" => Statistics.Sex.Female,
        "Masculine" => Statistics.Sex.Male,
        "TransgenderFeminine" or "TransgenderMasculine" or "NonConforming" => Statistics.Sex.Other,
        _ => Statistics.Sex.Unknown,
    };

    /// <summary>Age group at identification from the age in whole years.</summary>
    public static AgeGroup Age(int? years) => years switch
    {
        null or < 0 => AgeGroup.Unknown,
        < 18 => AgeGroup.Child,
        _ => AgeGroup.Adult,
    };

    /// <summary><c>vic_MethodsOfControl</c> → CTDC means; the restriction and withholding methods merge into
    /// meansDenyBasicNeeds as the CTDC codebook does.</summary>
    public static ControlMeans Means(IEnumerable<string> methods) => methods.Aggregate(ControlMeans.None, (all, m) => all | m switch
    {
        "DebtBondage" or "TakesEarnings" => ControlMeans.DebtBondageEarnings,
        "PhysicalThreats" or "ThreatsLawEnforcement" or "ThreatensChildrenFamily" => ControlMeans.Threats,
        "PhysicalAbuse" or "SexualAbuse" or "PsychologicalAbuse" => ControlMeans.AbusePsyPhySex,
        "FalsePromises" => ControlMeans.FalsePromises,
        "PsychoactiveSubstance" => ControlMeans.DrugsAlcohol,
        "RestrictsFinancialAccess" or "RestrictsMedicalCare" or "RestrictsMovement" or "WithholdsNecessities" => ControlMeans.DenyBasicNeeds,
        "ExcessiveWorkingHours" => ControlMeans.ExcessiveWorkHours,
        "WithholdsDocuments" => ControlMeans.WithholdDocs,
        _ => ControlMeans.None,
    });

    /// <summary><c>vic_TypeOfExploitation</c> → CTDC isForcedLabour / isSexualExploit / isOtherExploit.</summary>
    public static ExploitationTypes Exploitation(IEnumerable<string> types) => types.Aggregate(ExploitationTypes.None, (all, t) => all | t switch
    {
        "ForcedLabour" or "ChildLabour" or "Servitude" => ExploitationTypes.ForcedLabour,
        "SexualExploitation" => ExploitationTypes.Sexual,
        "" => ExploitationTypes.None,
        _ => ExploitationTypes.Other,
    });

    /// <summary><c>vic_ForcedLabourIndustry</c> (ISIC section) → the four CTDC labour types.</summary>
    public static LabourTypes Labour(string? industry) => industry switch
    {
        "A_AgricultureForestryAndFishing" => LabourTypes.Agriculture,
        "F_Construction" => LabourTypes.Construction,
        "T_ActivitiesOfHouseholdsAsEmployers" => LabourTypes.DomesticWork,
        "I_AccommodationAndFoodServiceActivities" => LabourTypes.Hospitality,
        _ => LabourTypes.None,
    };

    /// <summary><c>vic_TypeOfSexExploitation</c> → CTDC typeOfSexProstitution / typeOfSexPornography.</summary>
    public static SexExploitationTypes SexTypes(IEnumerable<string> types) => types.Aggregate(SexExploitationTypes.None, (all, t) => all | t switch
    {
        "Prostitution" => SexExploitationTypes.Prostitution,
        "Pornography" => SexExploitationTypes.Pornography,
        _ => SexExploitationTypes.None,
    });

    /// <summary><c>vic_RelationshipToTrafficker</c>: Familial → family; HTCDS does not distinguish friends or
    /// intimate partners from other acquaintances, so Acquainted and Unaquainted (sic) → other.</summary>
    public static RecruiterRelations Recruiter(string? relationship) => relationship switch
    {
        "Familial" => RecruiterRelations.Family,
        "Acquainted" or "Unaquainted" => RecruiterRelations.Other,
        _ => RecruiterRelations.None,
    };

    /// <summary>Months in the trafficking situation → CTDC traffickMonths band.</summary>
    public static TraffickingDuration Duration(int? months) => months switch
    {
        null or < 0 => TraffickingDuration.Unknown,
        <= 12 => TraffickingDuration.UpTo12Months,
        <= 24 => TraffickingDuration.From13To24Months,
        _ => TraffickingDuration.Over24Months,
    };

    /// <summary>True for the HTCDS trafficking statuses the statistics count (possible or actual victim).</summary>
    public static bool IsCountedVictim(string? status) =>
        status is "PossibleVictimOfTrafficking" or "ActualVictimOfTrafficking";
}
