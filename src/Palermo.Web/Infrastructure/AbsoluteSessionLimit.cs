using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// Sessions end after 20 idle minutes (sliding cookie) and at the latest 10 hours after sign-in, however active:
/// a stolen, unlocked phone is not a key for the whole week.
/// </summary>
public static class AbsoluteSessionLimit
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(10);
    private const string Key = "palermo.signed-in-at";

    public static void Stamp(CookieSigningInContext ctx, TimeProvider time)
    {
        ctx.Properties.Items.TryAdd(Key, time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Time left before the absolute limit ends this request's session, for session.js's warning; null when unknown.
    /// Given as a duration, not a clock time, so a wrong clock on the user's device does not move the warning.
    /// </summary>
    public static TimeSpan? Remaining(AuthenticationProperties? properties, TimeProvider time)
    {
        if (properties is null || !properties.Items.TryGetValue(Key, out var text) || !long.TryParse(text, out var at)) return null;
        var left = DateTimeOffset.FromUnixTimeSeconds(at) + Absolute - time.GetUtcNow();
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    public static async Task EnforceAsync(CookieValidatePrincipalContext ctx, TimeProvider time)
    {
        if (ctx.Properties.Items.TryGetValue(Key, out var text) && long.TryParse(text, out var at)
            && time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(at) > Absolute)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(ctx.Scheme.Name);
        }
    }
}
