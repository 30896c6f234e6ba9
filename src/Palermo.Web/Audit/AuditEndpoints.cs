using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Audit;

/// <summary>A page of the audit log; <c>Older</c> is the <c>before</c> of the next page, null on the last.</summary>
public sealed record AuditLogResponse(IReadOnlyList<AuditLogLine> Entries, long? Older);

public static class AuditEndpoints
{
    private static readonly string[] Known = ["account", "event", "case", "from", "to", "before"];

    public static void MapAuditEndpoints(this RouteGroupBuilder api)
    {
        // The data protection officer's reading of the audit log: newest first, a page of 100; `older` is the next
        // page's `before`. A parameter the log does not know is refused rather than ignored (a mistyped filter would
        // otherwise answer with every entry as if it had matched).
        api.MapGet("/audit", async ([AsParameters] AuditLogQuery q, ListAuditEntries list, HttpContext http, CancellationToken ct) =>
        {
            RefuseUnknown(http);
            var page = await list.HandleAsync(q, http.Actor(), ct);
            return TypedResults.Ok(new AuditLogResponse(page.Lines, page.Older));
        }).WithTags("Audit").RequireAuthorization(Policies.For(Permission.ViewAuditLog));

        // Every entry the same filters select, as one CSV file (newest first; `before` is taken too).
        api.MapGet("/audit/export", async ([AsParameters] AuditLogQuery q, ExportAuditEntries export, PalermoSettings settings, TimeProvider time,
            HttpContext http, CancellationToken ct) =>
        {
            RefuseUnknown(http);
            var (file, name) = await AuditDownload.ToFileAsync(export, settings, time, q, http.Actor(), ct);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(file, "text/csv; charset=utf-8", name);
        }).WithTags("Audit").RequireAuthorization(Policies.For(Permission.ViewAuditLog))
            .Produces(StatusCodes.Status200OK, typeof(byte[]), "text/csv");
        api.MapUnusualReading();
    }

    /// <summary>Accounts that opened far more different cases today (UTC) than on their average day of the last 30.</summary>
    public static void MapUnusualReading(this RouteGroupBuilder api) =>
        api.MapGet("/audit/unusual", async (FindUnusualReading find, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(await find.HandleAsync(http.Actor(), ct)))
            .WithTags("Audit").RequireAuthorization(Policies.For(Permission.ViewAuditLog));

    private static void RefuseUnknown(HttpContext http)
    {
        foreach (var key in http.Request.Query.Keys)
        {
            if (!Known.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new DomainException("query", $"Unknown parameter. The audit log takes {string.Join(", ", Known)}.");
            }
        }
    }
}
