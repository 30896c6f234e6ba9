using Palermo.Accounts;
using Palermo.Consent;
using Palermo.Privacy;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Privacy;

public sealed record EraseRequest(string? Reason);

/// <summary>Set (true) or release (false) the legal hold; the reason is required for both.</summary>
public sealed record HoldRequest(bool Hold, string? Reason);

public sealed record RetentionRequest(int? ClosedCaseYears);

public static class PrivacyEndpoints
{
    public static void MapPrivacyEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cases/{id:guid}/subject").WithTags("Data subject rights").RequireAuthorization(Policies.For(Permission.HandleSubjectRights));
        g.MapGet("/export", async (Guid id, SubjectAccess access, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.ContentDisposition = "attachment; filename=subject-access.json";
            return TypedResults.Ok(await access.HandleAsync(id, http.Actor(), ct));
        });
        g.MapPost("/erase", async (Guid id, EraseRequest body, ErasePerson erase, HttpContext http, CancellationToken ct) =>
        {
            await erase.HandleAsync(id, body.Reason, http.Actor(), ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/legal-hold", async (Guid id, HoldRequest body, SetLegalHold hold, HttpContext http, CancellationToken ct) =>
        {
            await hold.HandleAsync(id, body.Hold, body.Reason, http.Actor(), ct);
            return TypedResults.NoContent();
        });
        api.MapGet("/consent-overrides", async (ListConsentOverrides list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), ct)))
            .WithTags("Data subject rights").RequireAuthorization(Policies.For(Permission.ViewAuditLog));
        // The schedule, the last run and what a run would do now (under previewYears when given): counts only.
        api.MapGet("/retention", async (int? previewYears, GetRetentionStatus status, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await status.HandleAsync(http.Actor(), previewYears, ct)))
            .WithTags("Data subject rights").RequireAuthorization(Policies.For(Permission.ManageRetention));
        api.MapPut("/retention", async (RetentionRequest body, SetRetentionPolicy set, HttpContext http, CancellationToken ct) =>
        {
            await set.HandleAsync(body.ClosedCaseYears, http.Actor(), ct);
            return TypedResults.NoContent();
        }).WithTags("Data subject rights").RequireAuthorization(Policies.For(Permission.ManageRetention));
    }
}
