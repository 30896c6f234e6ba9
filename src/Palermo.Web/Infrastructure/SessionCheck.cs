using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// Every request re-checks the session against the database, so "sign out everywhere", an MFA reset or any other
/// security-stamp change ends every session at once, on every instance, and a session its user signed out of stays
/// ended even where a copy of its cookie survives (<see cref="SignedOutSessions"/>). The check is one primary-key read of two
/// columns (<see cref="AccountStampReader"/>, without an EF Core context). Only when the account row changed since the session was last refreshed (its concurrency stamp moved:
/// roles, organisation, lockout...) is the principal rebuilt from the database and the cookie re-issued, which is
/// what Identity's SecurityStampValidator would otherwise do on every request (four queries and a new cookie).
/// </summary>
public static class SessionCheck
{
    private const string RowVersionKey = "palermo.account-version";
    private const string SessionKey = "palermo.session";

    /// <summary>This session's id (in the encrypted cookie), which signing out records; null for an older cookie.</summary>
    public static string? SessionId(AuthenticationProperties? properties) =>
        properties is not null && properties.Items.TryGetValue(SessionKey, out var id) ? id : null;

    /// <summary>At sign-in, records the account row's version in the new cookie, so its first request needs no rebuild.</summary>
    public static async Task StampAsync(CookieSigningInContext ctx)
    {
        // Kept when the cookie is issued again for the same session (a refresh after a password change, new roles).
        ctx.Properties.Items.TryAdd(SessionKey, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        var services = ctx.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (!Guid.TryParse(ctx.Principal?.FindFirst(claims.UserIdClaimType)?.Value, out var id)) return;
        var version = await services.GetRequiredService<PalermoDbContext>().Users.Where(u => u.Id == id)
            .Select(u => u.ConcurrencyStamp).SingleOrDefaultAsync(ctx.HttpContext.RequestAborted);
        if (version is not null) ctx.Properties.Items[RowVersionKey] = version;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var principal = ctx.Principal!;
        if (!Guid.TryParse(principal.FindFirst(claims.UserIdClaimType)?.Value, out var id)
            || await services.GetRequiredService<AccountStampReader>().ReadAsync(id, SessionId(ctx.Properties), ctx.HttpContext.RequestAborted) is not { } row
            || row.SignedOut
            || !string.Equals(row.SecurityStamp, principal.FindFirst(claims.SecurityStampClaimType)?.Value, StringComparison.Ordinal))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(ctx.Scheme.Name);
            return;
        }

        if (ctx.Properties.Items.TryGetValue(RowVersionKey, out var seen) && string.Equals(seen, row.ConcurrencyStamp, StringComparison.Ordinal)) return;

        // The account changed (or this session was never refreshed): rebuild the principal the standard way. It
        // re-checks the stamp itself, so a change between the two reads still signs the session out.
        await SecurityStampValidator.ValidatePrincipalAsync(ctx);
        if (ctx.Principal is not null) ctx.Properties.Items[RowVersionKey] = row.ConcurrencyStamp;
    }
}
