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
/// security-stamp change ends every session at once, on every instance. The check is one primary-key read of two
/// columns. Only when the account row changed since the session was last refreshed (its concurrency stamp moved:
/// roles, organisation, lockout...) is the principal rebuilt from the database and the cookie re-issued, which is
/// what Identity's SecurityStampValidator would otherwise do on every request (four queries and a new cookie).
/// </summary>
public static class SessionCheck
{
    private const string RowVersionKey = "palermo.account-version";

    /// <summary>At sign-in, records the account row's version in the new cookie, so its first request needs no rebuild.</summary>
    public static async Task StampAsync(CookieSigningInContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (!Guid.TryParse(ctx.Principal?.FindFirst(claims.UserIdClaimType)?.Value, out var id)) return;
        var version = await services.GetRequiredService<PalermoDbContext>().Users.Where(u => u.Id == id)
            .Select(u => u.ConcurrencyStamp).SingleOrDefaultAsync(ctx.HttpContext.RequestAborted);
        if (version is not null) ctx.Properties.Items[RowVersionKey] = version;
    }

    // Compiled once: every authenticated request runs this query, and EF would otherwise look its plan up in the
    // query cache from the expression tree each time. A compiled query keeps the plan of the first provider it ran
    // on, so there is one per provider (tests run SQLite and PostgreSQL instances in one process).
    private static readonly Func<PalermoDbContext, Guid, Task<AccountStamps?>> SqliteStamps = CompileStamps();
    private static readonly Func<PalermoDbContext, Guid, Task<AccountStamps?>> PostgresStamps = CompileStamps();

    private static Func<PalermoDbContext, Guid, Task<AccountStamps?>> CompileStamps() => EF.CompileAsyncQuery(
        (PalermoDbContext db, Guid id) => db.Users.Where(u => u.Id == id)
            .Select(u => new AccountStamps(u.SecurityStamp, u.ConcurrencyStamp)).SingleOrDefault());

    private static Task<AccountStamps?> Stamps(PalermoDbContext db, Guid id) => db.IsPostgres ? PostgresStamps(db, id) : SqliteStamps(db, id);

    private sealed record AccountStamps(string? SecurityStamp, string? ConcurrencyStamp);

    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var principal = ctx.Principal!;
        if (!Guid.TryParse(principal.FindFirst(claims.UserIdClaimType)?.Value, out var id)
            || await Stamps(services.GetRequiredService<PalermoDbContext>(), id) is not { } row
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
