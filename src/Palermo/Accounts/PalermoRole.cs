using Microsoft.AspNetCore.Identity;

namespace Palermo.Accounts;

public sealed class PalermoRole : IdentityRole<Guid>
{
    public PalermoRole() { }

    public PalermoRole(Role role)
    {
        Id = new Guid((int)role, 0, 0, new byte[8]);
        Name = role.ToString();
        NormalizedName = role.ToString().ToUpperInvariant();
        ConcurrencyStamp = role.ToString();
    }
}
