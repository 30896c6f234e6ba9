using System.Text.Json;
using Palermo.Accounts;
using Palermo.Screening;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Screening;

public static class ScreeningEndpoints
{
    public static void MapScreeningEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/screenings").WithTags("Screening").RequireAuthorization(Policies.For(Permission.ScreenPersons));
        g.MapPost("/", async (RecordScreeningRequest body, RecordScreening record, HttpContext http, CancellationToken ct) =>
        {
            var view = await record.HandleAsync(body, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/screenings/{view.Id}", view);
        });
        g.MapGet("/{id:guid}", async (Guid id, GetScreening get, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await get.HandleAsync(id, http.Actor(), ct)));
        g.MapGet("/", async (ListScreenings list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), ct)));
        g.MapGet("/lists", async (ListIndicatorLists lists, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await lists.HandleAsync(http.Actor(), ct)));
        g.MapPost("/{id:guid}/case", async (Guid id, AttachScreeningRequest body, AttachScreeningToCase attach, HttpContext http, CancellationToken ct) =>
        {
            await attach.HandleAsync(id, body, http.Actor(), ct);
            return TypedResults.NoContent();
        });

        // Loading a list is configuration, not screening: the system administrator does it (lists hold no personal data).
        api.MapPost("/screening-lists", async (JsonElement body, ImportIndicatorList import, HttpContext http, CancellationToken ct) =>
        {
            var list = await import.HandleAsync(body.GetRawText(), http.Actor(), ct);
            return TypedResults.Created($"/api/v1/screenings/lists", new IndicatorListSummary(list.Id, list.Version, list.Title, list.Indicators.Count));
        }).WithTags("Screening").RequireAuthorization(Policies.For(Permission.ManageOrganisations));
    }
}

/// <summary>What the API answers after loading an indicator list.</summary>
public sealed record IndicatorListSummary(string Id, string Version, string Title, int Indicators);
