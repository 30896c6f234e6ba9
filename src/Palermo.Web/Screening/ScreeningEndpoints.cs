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
        // The body is read as text and checked by the list's own reader, which names the field at fault in every case;
        // bound as a JsonElement, a field given twice was a bare "could not be read" naming nothing.
        api.MapPost("/screening-lists", async (HttpContext http, ImportIndicatorList import, CancellationToken ct) =>
        {
            if (!http.Request.HasJsonContentType())
            {
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the list as JSON (Content-Type application/json).");
            }

            using var reader = new StreamReader(http.Request.Body);
            var list = await import.HandleAsync(await reader.ReadToEndAsync(ct), http.Actor(), ct);
            return TypedResults.Created($"/api/v1/screenings/lists", new IndicatorListSummary(list.Id, list.Version, list.Title, list.Indicators.Count));
        }).WithTags("Screening").RequireAuthorization(Policies.For(Permission.ManageOrganisations))
            .Accepts<JsonElement>("application/json").Produces<IndicatorListSummary>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }
}

/// <summary>What the API answers after loading an indicator list.</summary>
public sealed record IndicatorListSummary(string Id, string Version, string Title, int Indicators);
