using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// A signed-in user who lacks a permission gets 404, as if the page did not exist: the answer reveals nothing about
/// what lies outside their reach. A user who has not enrolled MFA is sent to enrolment (pages) or told so (API).
/// </summary>
public sealed class NotFoundOnForbid : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var mfaMissing = result.AuthorizationFailure?.FailedRequirements.OfType<MfaRequirement>().Any() == true;
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var status = mfaMissing ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
                await Results.Problem(statusCode: status, title: mfaMissing ? "Enrol multi-factor authentication first." : "Not found.").ExecuteAsync(context);
                return;
            }

            if (mfaMissing)
            {
                context.Response.Redirect("/Account/Mfa");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await _default.HandleAsync(next, context, policy, result);
    }
}
