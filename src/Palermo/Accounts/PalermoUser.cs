using Microsoft.AspNetCore.Identity;

namespace Palermo.Accounts;

/// <summary>A staff account. Staff e-mail addresses are the sign-in names and are stored in clear (see docs/security.md).</summary>
public sealed class PalermoUser : IdentityUser<Guid>
{
    public const int EmailMaxLength = 254;

    public PalermoUser() { }

    public PalermoUser(string email, Guid? organisationId, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        Email = email;
        UserName = email;
        OrganisationId = organisationId;
        CreatedAt = createdAt;
        SecurityStamp = Guid.NewGuid().ToString("N");
        LockoutEnabled = true;
    }

    public Guid? OrganisationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>Wall-clock UTC time of the last failed sign-in: an older count is forgotten (<see cref="PalermoUserManager"/>).</summary>
    public DateTime? LastSignInFailureAt { get; set; }
}
