namespace Palermo.Accounts;

/// <summary>Who is acting, for access rules and the audit log. Carries no personal data.</summary>
public sealed record Actor(Guid? UserId, Guid? OrganisationId, IReadOnlySet<Role> Roles, string? ClientAddress)
{
    /// <summary>The operator at the command line: trusted by whoever can read the key files.</summary>
    public static Actor Cli { get; } = new(null, null, new HashSet<Role> { Role.SystemAdministrator }, "cli");

    public static Actor Anonymous(string? clientAddress) => new(null, null, new HashSet<Role>(), clientAddress);

    public bool Has(Permission permission) => RolePermissions.Grants(Roles, permission);
}
