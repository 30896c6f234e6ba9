using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Palermo.Accounts;

namespace Palermo.Web.Infrastructure;

/// <summary>Adds the organisation to the session's claims; roles come from Identity. No personal data beyond the sign-in name.</summary>
public sealed class ClaimsFactory(UserManager<PalermoUser> users, RoleManager<PalermoRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PalermoUser, PalermoRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PalermoUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganisationId is { } org) identity.AddClaim(new Claim(ActorExtensions.OrganisationClaim, org.ToString()));
        return identity;
    }
}
