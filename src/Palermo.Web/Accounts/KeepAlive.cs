using Palermo.Web.Infrastructure;

namespace Palermo.Web.Accounts;

/// <summary>
/// GET /Account/KeepAlive: 204 and nothing else, for wwwroot/js/session.js. It passes the same cookie checks as any page
/// (security stamp, the absolute 10-hour limit), so calling it renews the 20-minute idle window exactly as opening a
/// page does and can never stretch a session past its 10 hours. A session that has ended answers 401, not the sign-in
/// page (WebServices, OnRedirectToLogin). The policy is "signed in" (not MFA) so a user in MFA enrolment is kept too.
/// </summary>
public static class KeepAlive
{
    public const string Path = "/Account/KeepAlive";

    public static void MapKeepAlive(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, () => Results.NoContent()).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();
}
