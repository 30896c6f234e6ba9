using Microsoft.AspNetCore.Authorization;
using Palermo.Accounts;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// One policy per permission ("perm:ManageOrganisations"); every page and endpoint names one, or says AllowAnonymous,
/// or falls back to "signed in with MFA". A test walks every endpoint and fails when one has no explicit decision.
/// </summary>
public static class Policies
{
    /// <summary>Signed in, MFA not yet required: only the enrolment and sign-out pages use it.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Either account permission: all accounts, or one's own organisation's; the use case narrows the scope.</summary>
    public const string ManageAccounts = "manage-accounts";

    /// <summary>The owner organisation's data protection officer or a case supervisor; the use case narrows the scope.</summary>
    public const string RevokesEmergencyAccess = "revokes-emergency-access";

    public static string For(Permission p) => "perm:" + p;

    public static void Add(AuthorizationOptions o)
    {
        var mfa = new MfaRequirement();
        o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(mfa).Build();
        o.DefaultPolicy = o.FallbackPolicy;
        o.AddPolicy(SignedIn, b => b.RequireAuthenticatedUser());
        o.AddPolicy(ManageAccounts, b => b.RequireAuthenticatedUser().AddRequirements(mfa).RequireAssertion(ctx =>
        {
            var a = ctx.User.ToActor(null);
            return a.Has(Permission.ManageAllAccounts) || a.Has(Permission.ManageOrganisationAccounts);
        }));
        o.AddPolicy(RevokesEmergencyAccess, b => b.RequireAuthenticatedUser().AddRequirements(mfa).RequireAssertion(ctx =>
        {
            var a = ctx.User.ToActor(null);
            return a.Has(Permission.ViewAuditLog) || a.Has(Permission.SuperviseCases);
        }));
        foreach (var p in Enum.GetValues<Permission>())
        {
            o.AddPolicy(For(p), b => b.RequireAuthenticatedUser().AddRequirements(mfa, new PermissionRequirement(p)));
        }
    }
}

/// <summary>The session was established with a second factor (set at MFA sign-in and at enrolment).</summary>
public sealed class MfaRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public const string ClaimType = "amr";
    public const string ClaimValue = "mfa";

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.User.HasClaim(ClaimType, ClaimValue)) context.Succeed(this);
        return Task.CompletedTask;
    }
}

public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission => permission;
}

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.ToActor(null).Has(requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
