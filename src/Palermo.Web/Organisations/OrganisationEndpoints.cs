using Palermo.Accounts;
using Palermo.Organisations;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Organisations;

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/organisations").WithTags("Organisations");
        g.MapGet("/", async (ListOrganisations list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), ct))).RequireAuthorization();
        g.MapPost("/", async (CreateOrganisationRequest body, CreateOrganisation create, HttpContext http, CancellationToken ct) =>
        {
            var org = await create.HandleAsync(body, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/organisations/{org.Id}", new OrganisationSummary(org.Id, org.Name, org.Kind, org.Country, org.IsActive));
        }).RequireAuthorization(Policies.For(Permission.ManageOrganisations));
    }
}
