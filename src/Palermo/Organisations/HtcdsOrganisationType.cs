namespace Palermo.Organisations;

/// <summary>HTCDS <c>org_Type</c>: the kind of organisation that holds a case, as IOM's standard names it.</summary>
public enum HtcdsOrganisationType
{
    NGO = 1,
    LawEnforcement = 2,
    HealthServiceOrganisation = 3,
    CentralGovernmentOrganisation = 4,
    LocalGovernmentOrganisation = 5,
    ImmigrationService = 6,
    LegalService = 7,
    CorporateBusiness = 8,
    SchoolOrCollege = 9,
}

/// <summary>
/// The explicit mapping from Palermo's <see cref="OrganisationKind"/> to HTCDS <c>org_Type</c>. A kind with no
/// equivalent maps to null (an export leaves <c>org_Type</c> empty) rather than to a guess: a shelter or a hotline
/// may be run by an NGO or by a municipality, and an international organisation, a prosecution service or a fund is
/// none of the HTCDS types.
/// </summary>
public static class HtcdsOrganisationTypes
{
    public static HtcdsOrganisationType? Of(OrganisationKind kind) => kind switch
    {
        OrganisationKind.NonGovernmentalOrganisation => HtcdsOrganisationType.NGO,
        OrganisationKind.CivilSociety => HtcdsOrganisationType.NGO,
        OrganisationKind.Police => HtcdsOrganisationType.LawEnforcement,
        OrganisationKind.BorderAgency => HtcdsOrganisationType.ImmigrationService,
        OrganisationKind.Government => HtcdsOrganisationType.CentralGovernmentOrganisation,
        OrganisationKind.NationalCoordinator => HtcdsOrganisationType.CentralGovernmentOrganisation,
        OrganisationKind.LabourInspectorate => HtcdsOrganisationType.CentralGovernmentOrganisation,
        OrganisationKind.InternationalOrganisation or OrganisationKind.Prosecution or OrganisationKind.Shelter
            or OrganisationKind.Hotline or OrganisationKind.Fund => null,
        _ => null,
    };
}
