using Palermo.Accounts;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Cli.Cases;

/// <summary>
/// The actor for a bulk case operation at the command line. <see cref="Actor.Cli"/> is a system administrator, who
/// sees no personal data; but whoever can run the command can read the key files, and so every record anyway. The
/// command line is therefore trusted as a case supervisor of the named organisation for this one operation (and
/// only that organisation's cases are touched); the audit entry records it as an action from "cli" without a user.
/// </summary>
internal static class CliOperator
{
    public static async Task<Actor> ForOrganisationAsync(PalermoDbContext db, string? org, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(org)) throw new DomainException("--org", "Name the organisation (its id or unique name).");
        var o = await db.FindByIdOrNameAsync(org, ct) ?? throw new DomainException("--org", "No such organisation.");
        return new Actor(null, o.Id, new HashSet<Role> { Role.CaseSupervisor }, "cli");
    }
}
