namespace Palermo.Organisations;

/// <summary>HTCDS <c>org_Type</c> values plus the kinds the national response adds.</summary>
public enum OrganisationKind
{
    Government = 1,
    InternationalOrganisation = 2,
    NonGovernmentalOrganisation = 3,
    CivilSociety = 4,
    Police = 10,
    Prosecution = 11,
    LabourInspectorate = 12,
    BorderAgency = 13,
    Shelter = 14,
    Hotline = 15,
    NationalCoordinator = 16,
    Fund = 17,
}
