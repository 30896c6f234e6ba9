using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

public sealed class AuthorizationCoverageTests
{
    /// <summary>
    /// Every endpoint and Razor page states its authorization: a policy, the default (signed in with MFA), or
    /// AllowAnonymous. A page added without a decision fails here instead of silently relying on the fallback.
    /// </summary>
    [Fact]
    public void EveryEndpoint_HasAnExplicitAuthorizationDecision()
    {
        using var app = new PalermoApplication();
        _ = app.Server;
        var endpoints = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 15, $"only {endpoints.Count} endpoints found");
        var undecided = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName)
            .ToList();
        Assert.Empty(undecided);
        // The pages that must be reachable without signing in are exactly these.
        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => e.RoutePattern.RawText).Distinct().Order().ToList();
        Assert.Equal(["/health", "Account/Setup", "Account/SignIn", "Account/SignInMfa", "Account/Welcome", "Error",
            "Public/Statistics/{id:guid?}", "Public/Statistics/Index/{id:guid?}"], anonymous);
    }
}
