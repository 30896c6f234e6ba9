using System.Collections.Frozen;

namespace Palermo.Accounts;

/// <summary>
/// The one reviewed table of who may do what. Change it only with a review of the whole table:
/// the authorization matrix tests read it.
/// </summary>
public static class RolePermissions
{
    private static readonly FrozenDictionary<Role, FrozenSet<Permission>> Table = new Dictionary<Role, Permission[]>
    {
        // Runs the system; sees no personal data by design.
        [Role.SystemAdministrator] = [Permission.ManageAllAccounts, Permission.ManageOrganisations, Permission.ManageKeys],
        [Role.OrganisationAdministrator] = [Permission.ManageOrganisationAccounts, Permission.ManageRetention],
        // Break-glass (emergency access to another organisation's case, read-only, per user, time-limited, reviewed by both
        // data protection officers) goes to the roles that meet persons in the field and already read cases. Reviewed
        // as a whole in session 20: no other role gains or loses anything (docs/security.md, "Emergency access").
        [Role.FrontlineOfficer] = [Permission.ScreenPersons, Permission.ReadCases, Permission.EditCases, Permission.BreakGlass],
        [Role.CaseWorker] = [Permission.ScreenPersons, Permission.ReadCases, Permission.EditCases, Permission.ManageReferrals, Permission.BreakGlass],
        // Bulk import/export goes to the supervisor, who already reads every case of the organisation, rather than the
        // organisation administrator, who by design sees no personal data (docs/htcds.md).
        [Role.CaseSupervisor] = [Permission.ScreenPersons, Permission.ReadCases, Permission.EditCases, Permission.ManageReferrals,
            Permission.SuperviseCases, Permission.OverrideConsent, Permission.HandleSubjectRights, Permission.ImportExportCases, Permission.BreakGlass],
        [Role.Investigator] = [Permission.ReadProsecution, Permission.EditProsecution],
        // Aggregates only.
        [Role.Analyst] = [Permission.ViewStatistics],
        [Role.NationalCoordinator] = [Permission.ViewStatistics, Permission.ApprovePublications, Permission.ViewUnsuppressedStatistics,
            Permission.RunLinkage],
        [Role.FundManager] = [Permission.ManageGrants],
        // Reviews emergency access rather than using it: it reads persons through subject rights only.
        [Role.DataProtectionOfficer] = [Permission.ViewAuditLog, Permission.ManageRetention, Permission.HandleSubjectRights],
    }.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet());

    /// <summary>Roles whose holders may see personal data; for them MFA is mandatory (Palermo requires it of every role).</summary>
    public static readonly FrozenSet<Role> SeePersonalData =
        new[] { Role.FrontlineOfficer, Role.CaseWorker, Role.CaseSupervisor, Role.Investigator, Role.DataProtectionOfficer }.ToFrozenSet();

    public static IReadOnlySet<Permission> For(Role role) => Table.TryGetValue(role, out var set) ? set : FrozenSet<Permission>.Empty;

    public static bool Grants(IEnumerable<Role> roles, Permission permission) => roles.Any(r => For(r).Contains(permission));
}
