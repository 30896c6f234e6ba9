using Microsoft.AspNetCore.Identity;

namespace Palermo.Accounts;

public sealed class PalermoRole : IdentityRole<Guid>
{
    public PalermoRole() { }

    public PalermoRole(Role role)
    {
        Id = IdOf(role);
        Name = role.ToString();
        NormalizedName = role.ToString().ToUpperInvariant();
        ConcurrencyStamp = role.ToString();
    }

    /// <summary>Role ids are fixed and derived from the enum, so code can refer to a role without a lookup.</summary>
    public static Guid IdOf(Role role) => new((int)role, 0, 0, new byte[8]);

    public static Role RoleOf(Guid id) => (Role)BitConverter.ToInt32(id.ToByteArray(), 0);
}
