using Palermo.Accounts;
using Palermo.EmergencyAccess;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.EmergencyAccess;

/// <summary>Ending or revoking a grant; <c>Version</c> (required) is the grant's version it was decided on (409 when stale).</summary>
public sealed record EmergencyEndRequest(long? Version = null);

public static class EmergencyAccessEndpoints
{
    public static void MapEmergencyAccessEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/emergency-access").WithTags("Emergency access");
        // The reason travels in the body, never in the URL: it may describe the person.
        g.MapPost("/", async (EmergencyAccessInput body, OpenEmergencyAccess open, HttpContext http, CancellationToken ct) =>
        {
            var opened = await open.HandleAsync(body, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/cases/{opened.CaseId}", opened);
        }).RequireAuthorization(Policies.For(Permission.BreakGlass));
        g.MapGet("/mine", async (ListMyEmergencyAccess list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.BreakGlass));
        g.MapPost("/{id:guid}/end", async (Guid id, EmergencyEndRequest body, EndEmergencyAccess end, HttpContext http, CancellationToken ct) =>
        {
            await end.HandleAsync(id, http.Actor(), body.Version, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.BreakGlass)).ProducesProblem(StatusCodes.Status409Conflict);
        // The owner's data protection officer or case supervisor; the use case narrows it to the owner organisation.
        g.MapPost("/{id:guid}/revoke", async (Guid id, EmergencyEndRequest body, RevokeEmergencyAccess revoke, HttpContext http, CancellationToken ct) =>
        {
            await revoke.HandleAsync(id, http.Actor(), body.Version, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.RevokesEmergencyAccess).ProducesProblem(StatusCodes.Status409Conflict);
        g.MapGet("/review", async (ListEmergencyAccessForReview list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), ct))).RequireAuthorization(Policies.For(Permission.ViewAuditLog));
        g.MapPost("/{id:guid}/review", async (Guid id, EmergencyReviewInput body, ReviewEmergencyAccess review, HttpContext http, CancellationToken ct) =>
        {
            await review.HandleAsync(id, body, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.For(Permission.ViewAuditLog)).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
