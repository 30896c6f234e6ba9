namespace Palermo.Accounts;

/// <summary>The roles a user can hold. The names are stable: they are stored and used in URLs of the API.</summary>
public enum Role
{
    SystemAdministrator = 1,
    OrganisationAdministrator = 2,
    FrontlineOfficer = 3,
    CaseWorker = 4,
    CaseSupervisor = 5,
    Investigator = 6,
    Analyst = 7,
    NationalCoordinator = 8,
    FundManager = 9,
    DataProtectionOfficer = 10,
}
