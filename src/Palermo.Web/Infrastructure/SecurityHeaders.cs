namespace Palermo.Web.Infrastructure;

/// <summary>
/// Strict headers on every response: no inline script anywhere, no framing, no referrer, and no caching of anything
/// but static files (pages may hold personal data; a shared or stolen device must not keep copies).
/// </summary>
public static class SecurityHeaders
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    // The API reference page (Scalar) ships its own script and styles; it is for administrators only.
    private const string ApiReferenceCsp = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h.ContentSecurityPolicy = ctx.Request.Path.StartsWithSegments("/scalar") ? ApiReferenceCsp : Csp;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            if (!ctx.Request.Path.StartsWithSegments("/css") && !ctx.Request.Path.StartsWithSegments("/js") && !ctx.Request.Path.StartsWithSegments("/img"))
            {
                h.CacheControl = "no-store";
                h.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        await next();
    });
}
