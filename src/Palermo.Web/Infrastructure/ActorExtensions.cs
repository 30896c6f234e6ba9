using System.Security.Claims;
using Palermo.Accounts;

namespace Palermo.Web.Infrastructure;

public static class ActorExtensions
{
    public const string OrganisationClaim = "palermo:org";

    public static Actor ToActor(this ClaimsPrincipal user, string? clientAddress)
    {
        if (user.Identity?.IsAuthenticated != true) return Palermo.Accounts.Actor.Anonymous(clientAddress);
        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : (Guid?)null;
        var org = Guid.TryParse(user.FindFirstValue(OrganisationClaim), out var o) ? o : (Guid?)null;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => Enum.TryParse<Role>(c.Value, out var r) ? r : (Role?)null)
            .Where(r => r is not null).Select(r => r!.Value).ToHashSet();
        return new Palermo.Accounts.Actor(id, org, roles, clientAddress);
    }

    public static Actor Actor(this HttpContext http) => http.User.ToActor(http.Connection.RemoteIpAddress?.ToString());
}
