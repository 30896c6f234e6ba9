using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Assistance;

/// <summary>The service catalogue's administration (services themselves are recorded under /cases/{id}/services).</summary>
public static class AssistanceEndpoints
{
    public static void MapAssistanceEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/service-types").WithTags("Assistance").RequireAuthorization(Policies.For(Permission.ManageOrganisations));
        g.MapGet("/", async (ListServiceTypes list, HttpContext http, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(http.Actor(), ct)));
        g.MapPost("/", async (ServiceTypeInput body, AddServiceType add, HttpContext http, CancellationToken ct) =>
        {
            var t = await add.HandleAsync(body, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/service-types/{t.Code}", t);
        });
        // One PATCH-like PUT for both changes, so a rename and a deactivation can be sent together; absent = unchanged.
        g.MapPut("/{code}", async (string code, ServiceTypeChange body, ChangeServiceType change, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await change.HandleAsync(code, body, http.Actor(), ct)));
    }
}
