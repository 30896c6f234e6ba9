namespace Palermo.Accounts;

public enum Permission
{
    /// <summary>Create and manage accounts of every organisation; no access to personal data.</summary>
    ManageAllAccounts = 1,
    /// <summary>Create and manage accounts of one's own organisation.</summary>
    ManageOrganisationAccounts,
    ManageOrganisations,
    ManageKeys,
    ScreenPersons,
    ReadCases,
    EditCases,
    SuperviseCases,
    ManageReferrals,
    ReadProsecution,
    EditProsecution,
    ViewStatistics,
    ApprovePublications,
    ViewUnsuppressedStatistics,
    RunLinkage,
    ManageGrants,
    OverrideConsent,
    ViewAuditLog,
    ManageRetention,
    BreakGlass,
    /// <summary>Subject access (export everything held about a person), erasure and legal holds.</summary>
    HandleSubjectRights,
    /// <summary>Import and export all of one's own organisation's cases with personal data (HTCDS files).</summary>
    ImportExportCases,
}
