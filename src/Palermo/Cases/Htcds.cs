namespace Palermo.Cases;

// HTCDS 2.0 vocabularies (value names as IOM's toolkit writes them) and Palermo's few extensions (marked).
// Numbers are stored: never renumber.

public enum Gender
{
    NonSpecifiedUnknown = 0,
    Feminine = 1,
    Masculine = 2,
    TransgenderFeminine = 3,
    TransgenderMasculine = 4,
    NonConforming = 5,
}

public enum TraffickingStatus
{
    PossibleVictimOfTrafficking = 1,
    ActualVictimOfTrafficking = 2,
    NotAVictimOfTrafficking = 3,
}

public enum DecisionMakingOrg
{
    Police = 1,
    NGO = 2,
    CourtOrProsecution = 3,
    NonPoliceGovernmentalOrganization = 4,
    Other = 5,
}

[Flags]
public enum ExploitationType
{
    None = 0,
    ForcedLabour = 1 << 0,
    SexualExploitation = 1 << 1,
    ChildLabour = 1 << 2,
    ForcedMarriage = 1 << 3,
    Servitude = 1 << 4,
    ForcedMilitaryByNonStateActors = 1 << 5,
    OrganRemoval = 1 << 6,
    ForcedBegging = 1 << 7,
    ForcedAdoption = 1 << 8,
    Surrogacy = 1 << 9,
    Other = 1 << 10,
    /// <summary>Palermo extension: the Global Report's "forced criminal activity" detail.</summary>
    ForcedCriminality = 1 << 11,
}

[Flags]
public enum MethodOfControl
{
    None = 0,
    PhysicalThreats = 1 << 0,
    ThreatsLawEnforcement = 1 << 1,
    ThreatensChildrenFamily = 1 << 2,
    DebtBondage = 1 << 3,
    FalsePromises = 1 << 4,
    PhysicalAbuse = 1 << 5,
    SexualAbuse = 1 << 6,
    TakesEarnings = 1 << 7,
    RestrictsFinancialAccess = 1 << 8,
    RestrictsMedicalCare = 1 << 9,
    WithholdsNecessities = 1 << 10,
    PsychologicalAbuse = 1 << 11,
    PsychoactiveSubstance = 1 << 12,
    ExcessiveWorkingHours = 1 << 13,
    WithholdsDocuments = 1 << 14,
    Other = 1 << 15,
    RestrictsMovement = 1 << 16,
    UsesChildren = 1 << 17,
}

public enum LabourIndustry
{
    A_AgricultureForestryAndFishing = 1, B_MiningAndQuarrying, C_Manufacturing, D_ElectricityGasSteamAndAirConditioningSupply,
    E_WaterSupplySewerageWasteManagement, F_Construction, G_WholesaleAndRetailTradeRepairOfMotorVehicles, H_TransportationAndStorage,
    I_AccommodationAndFoodServiceActivities, J_InformationAndCommunication, K_FinancialAndInsuranceActivities, L_RealEstateActivities,
    M_ProfessionalScientificAndTechnicalActivities, N_AdministrativeAndSupportServiceActivities, O_PublicAdministrationAndDefence,
    P_Education, Q_HumanHealthAndSocialWorkActivities, R_ArtsEntertainmentAndRecreation, S_OtherServiceActivities,
    T_ActivitiesOfHouseholdsAsEmployers, U_ActivitiesOfExtraterritorialOrganizations,
}

[Flags]
public enum SexExploitationType
{
    None = 0,
    Prostitution = 1 << 0,
    Pornography = 1 << 1,
    RemoteInteractiveServices = 1 << 2,
    PrivateSexualServices = 1 << 3,
}

/// <summary>HTCDS <c>vic_RelationshipToTrafficker</c>. "Unaquainted" is HTCDS's own spelling, kept so files match.</summary>
public enum RelationshipToTrafficker
{
    Familial = 1,
    Acquainted = 2,
    Unaquainted = 3,
}

/// <summary>HTCDS <c>vic_MethodOfRecruitment</c> (multi-select).</summary>
[Flags]
public enum RecruitmentMethod
{
    None = 0,
    AtAPlaceOfBusiness = 1 << 0,
    AtAnEducationalInstitution = 1 << 1,
    AtWork = 1 << 2,
    ThroughOnlineSocialNetworks = 1 << 3,
    ThroughAnOnlineAdvertisement = 1 << 4,
    ThroughATelevisionAdvert = 1 << 5,
    ThroughANewspaperAdvert = 1 << 6,
    ThroughFamilyOrFamilyEvents = 1 << 7,
    ThroughFriendsOrSocialEvents = 1 << 8,
    Other = 1 << 9,
}

/// <summary>HTCDS <c>cas_ReasonForIncomingReferral</c>: why an outside organisation referred the case here.</summary>
public enum IncomingReferralReason
{
    AdditionalServicesRequired = 1,
    MigrationOrChangeOfLocation = 2,
    Other = 3,
}

public enum CaseStatus
{
    Active = 1,
    FollowUp = 2,
    Closed = 3,
    ClosedReferred = 4,
}

public enum RiskLevel
{
    Unknown = 0,
    Low = 1,
    Medium = 2,
    High = 3,
}

public enum TraffickingEventType
{
    Recruitment = 1,
    Transit = 2,
    Exploitation = 3,
}

public enum GroundsOutcome
{
    Positive = 1,
    Negative = 2,
    /// <summary>Conclusive grounds: victim of slavery, servitude or forced labour rather than trafficking.</summary>
    SlaveryServitudeForcedLabour = 3,
    InsufficientEvidence = 4,
}

/// <summary>HTCDS <c>per_RoleInProcess</c> (multi-select): what the perpetrator or suspect did in the trafficking process.</summary>
[Flags]
public enum PerpetratorRole
{
    None = 0,
    TravellingPartner = 1 << 0,
    Transporter = 1 << 1,
    RecruiterOrIntermediary = 1 << 2,
    BrokerTravelAgent = 1 << 3,
    TransferredIndividual = 1 << 4,
    HarbouredIndividual = 1 << 5,
    SoldIndividual = 1 << 6,
    BoughtIndividual = 1 << 7,
    ReceivedIndividual = 1 << 8,
    ControlledIndividual = 1 << 9,
    Smuggler = 1 << 10,
    Abuser = 1 << 11,
    Kidnapper = 1 << 12,
    Exploiter = 1 << 13,
    Other = 1 << 14,
}
