using System.Collections.Frozen;
using Humanizer;
using Palermo.Cases;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// What a page shows for a picklist value. The stored and exchanged names stay HTCDS's own (<c>ClosedReferred</c>,
/// <c>NonSpecifiedUnknown</c>), as forms post and files carry them; people read words ("Closed (referred)", "Not
/// specified or unknown"). Most names read well once split into words; the few that do not are listed here.
/// </summary>
public static class Words
{
    private static readonly FrozenDictionary<Enum, string> Special = new Dictionary<Enum, string>
    {
        [CaseStatus.FollowUp] = "Follow-up",
        [Palermo.Screening.ScreeningOutcome.PresumedVictim] = "Presumed victim (screening)",
        [Palermo.Screening.ScreeningOutcome.NotIndicated] = "Not indicated by the screening",
        [CaseStatus.ClosedReferred] = "Closed (referred)",
        [Palermo.Organisations.OrganisationKind.NonGovernmentalOrganisation] = "Non-governmental organisation (NGO)",
        [Gender.NonSpecifiedUnknown] = "Not specified or unknown",
        [Gender.NonConforming] = "Gender non-conforming",
        [DecisionMakingOrg.NonPoliceGovernmentalOrganization] = "Non-police governmental organisation",
        [DecisionMakingOrg.CourtOrProsecution] = "Court or prosecution",
        [ExploitationType.ForcedMilitaryByNonStateActors] = "Forced military service by non-state actors",
        [ExploitationType.ForcedCriminality] = "Forced criminal activity",
        [MethodOfControl.ThreatsLawEnforcement] = "Threats of law enforcement",
        [MethodOfControl.ThreatensChildrenFamily] = "Threats to children or family",
        [MethodOfControl.PsychoactiveSubstance] = "Psychoactive substances",
        [MethodOfControl.UsesChildren] = "Uses the person's children",
        [RelationshipToTrafficker.Unaquainted] = "Unacquainted",
        [PerpetratorRole.BrokerTravelAgent] = "Broker or travel agent",
        [PerpetratorRole.RecruiterOrIntermediary] = "Recruiter or intermediary",
        [Palermo.Consent.ConsentPurpose.FollowUpContact] = "Follow-up contact",
        [Palermo.Consent.ConsentPurpose.CrossAgencyLinkage] = "Cross-agency linkage",
        [GroundsOutcome.SlaveryServitudeForcedLabour] = "Slavery, servitude or forced labour",
        [Palermo.Assistance.SupportPlanType.RightsBasedTraining] = "Rights-based training",
        [LabourIndustry.A_AgricultureForestryAndFishing] = "A: Agriculture, forestry and fishing",
        [LabourIndustry.B_MiningAndQuarrying] = "B: Mining and quarrying",
        [LabourIndustry.C_Manufacturing] = "C: Manufacturing",
        [LabourIndustry.D_ElectricityGasSteamAndAirConditioningSupply] = "D: Electricity, gas, steam and air conditioning supply",
        [LabourIndustry.E_WaterSupplySewerageWasteManagement] = "E: Water supply, sewerage and waste management",
        [LabourIndustry.F_Construction] = "F: Construction",
        [LabourIndustry.G_WholesaleAndRetailTradeRepairOfMotorVehicles] = "G: Wholesale and retail trade, repair of motor vehicles",
        [LabourIndustry.H_TransportationAndStorage] = "H: Transportation and storage",
        [LabourIndustry.I_AccommodationAndFoodServiceActivities] = "I: Accommodation and food service",
        [LabourIndustry.J_InformationAndCommunication] = "J: Information and communication",
        [LabourIndustry.K_FinancialAndInsuranceActivities] = "K: Financial and insurance activities",
        [LabourIndustry.L_RealEstateActivities] = "L: Real estate activities",
        [LabourIndustry.M_ProfessionalScientificAndTechnicalActivities] = "M: Professional, scientific and technical activities",
        [LabourIndustry.N_AdministrativeAndSupportServiceActivities] = "N: Administrative and support services",
        [LabourIndustry.O_PublicAdministrationAndDefence] = "O: Public administration and defence",
        [LabourIndustry.P_Education] = "P: Education",
        [LabourIndustry.Q_HumanHealthAndSocialWorkActivities] = "Q: Human health and social work",
        [LabourIndustry.R_ArtsEntertainmentAndRecreation] = "R: Arts, entertainment and recreation",
        [LabourIndustry.S_OtherServiceActivities] = "S: Other service activities",
        [LabourIndustry.T_ActivitiesOfHouseholdsAsEmployers] = "T: Households as employers (domestic work)",
        [LabourIndustry.U_ActivitiesOfExtraterritorialOrganizations] = "U: Extraterritorial organisations",
    }.ToFrozenDictionary();

    /// <summary>The words for one value: "PossibleVictimOfTrafficking" reads "Possible victim of trafficking".</summary>
    public static string Of<T>(T value) where T : struct, Enum => Cache<T>.Words.TryGetValue(value, out var words) ? words : value.ToString();

    /// <summary>The words for a nullable value, or <paramref name="none"/>.</summary>
    public static string Of<T>(T? value, string none) where T : struct, Enum => value is { } v ? Of(v) : none;

    /// <summary>Every value set in a multi-select, in declaration order, or <paramref name="none"/> when nothing is.</summary>
    public static string List<T>(T flags, string none = "none recorded") where T : struct, Enum
    {
        var words = Cache<T>.Flags.Where(f => flags.HasFlag(f.Value)).Select(f => f.Words).ToList();
        return words.Count == 0 ? none : string.Join(", ", words);
    }

    /// <summary>A picklist's choices as (stored name, words) — the "None" of a multi-select left out.</summary>
    public static IEnumerable<(string Name, string Words)> Choices<T>() where T : struct, Enum => Cache<T>.Choices;

    /// <summary>
    /// A stored name received as text (a form value, a view model's string) in words; an unknown name is shown as
    /// it is, so nothing a user typed is hidden.
    /// </summary>
    public static string Of<T>(string? name) where T : struct, Enum =>
        Enum.TryParse<T>(name, out var v) && Enum.IsDefined(v) ? Of(v) : name ?? "";

    /// <summary>A type or event name in words ("CaseAttachment" reads "Case attachment").</summary>
    public static string Identifier(string? name) => string.IsNullOrEmpty(name) ? "" : name.Humanize(LetterCasing.Sentence);

    // Built once per picklist: a page can show a hundred values.
    private static class Cache<T> where T : struct, Enum
    {
        public static readonly IReadOnlyDictionary<T, string> Words =
            Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => Special.TryGetValue(v, out var s) ? s : v.ToString().Humanize(LetterCasing.Sentence));

        // A multi-select's single values (not None) with their words, in declaration order.
        public static readonly (T Value, string Words)[] Flags =
            [.. Enum.GetValues<T>().Distinct().Where(v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0).Select(v => (v, Words[v]))];

        public static readonly (string Name, string Words)[] Choices =
            [.. Enum.GetValues<T>().Distinct().Where(v => v.ToString() != "None").Select(v => (v.ToString(), Words[v]))];
    }
}
