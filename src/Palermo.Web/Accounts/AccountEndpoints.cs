using Palermo.Accounts;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Accounts;

public sealed record IssueLinkRequest(bool ResetMfa);

public sealed record SignInLinkResponse(Guid UserId, string SignInLink);

public sealed record ChangeRolesRequest(IReadOnlyList<string>? Roles);

/// <summary>Whether the request changed the roles (the same roles again change nothing and are not audited).</summary>
public sealed record RolesChanged(bool Changed);

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext http) =>
        {
            var a = http.Actor();
            return TypedResults.Ok(new Me(a.UserId, a.OrganisationId, [.. a.Roles.Order().Select(r => r.ToString())]));
        }).RequireAuthorization().WithTags("Accounts");

        var g = api.MapGroup("/users").WithTags("Accounts").RequireAuthorization(Policies.ManageAccounts);
        // The handlers narrow the scope: all accounts, or only the actor's organisation's (others answer 404).
        // ?email=part: only the accounts whose address contains it (any case); at most ListUsers.Limit, by address.
        g.MapGet("/", async (string? email, ListUsers list, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await list.HandleAsync(http.Actor(), email, ct)));
        g.MapPost("/", async (CreateUserRequest body, CreateUser create, PalermoSettings settings, HttpContext http, CancellationToken ct) =>
        {
            var created = await create.HandleAsync(body, http.Actor(), ct);
            return TypedResults.Created($"/api/v1/users/{created.User.Id}", new SignInLinkResponse(created.User.Id, Links.Welcome(settings, created.SignInToken)));
        });
        g.MapPost("/{id:guid}/sign-in-link", async (Guid id, IssueLinkRequest? body, IssueSignInLink issue, PalermoSettings settings, HttpContext http, CancellationToken ct) =>
        {
            var token = await issue.HandleAsync(id, body?.ResetMfa ?? false, http.Actor(), ct);
            return TypedResults.Ok(new SignInLinkResponse(id, Links.Welcome(settings, token)));
        });
        // Deactivation ends every session of the account at its next request; nothing it recorded is deleted.
        g.MapPost("/{id:guid}/deactivate", async (Guid id, SetUserActive set, HttpContext http, CancellationToken ct) =>
        {
            await set.HandleAsync(id, active: false, http.Actor(), ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/{id:guid}/reactivate", async (Guid id, SetUserActive set, HttpContext http, CancellationToken ct) =>
        {
            await set.HandleAsync(id, active: true, http.Actor(), ct);
            return TypedResults.NoContent();
        });
        g.MapPut("/{id:guid}/roles", async (Guid id, ChangeRolesRequest body, ChangeUserRoles change, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(new RolesChanged(await change.HandleAsync(id, body.Roles, http.Actor(), ct))));
    }
}

public static class Links
{
    public static string Welcome(PalermoSettings settings, string token) => $"{settings.PublicUrl}/Account/Welcome?token={token}";
}

/// <summary>The signed-in caller: account, organisation and roles (no personal data).</summary>
public sealed record Me(Guid? UserId, Guid? OrganisationId, IReadOnlyList<string> Roles);
