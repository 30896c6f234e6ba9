using Palermo.Accounts;
using Palermo.Audit;
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
            foreach (var key in http.Request.Query.Keys)
            {
                if (!Known.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    throw new DomainException("query", $"Unknown parameter. The audit log takes {string.Join(", ", Known)}.");
                }
            }

            var page = await list.HandleAsync(q, http.Actor(), ct);
            return TypedResults.Ok(new AuditLogResponse(page.Lines, page.Older));
        }).WithTags("Audit").RequireAuthorization(Policies.For(Permission.ViewAuditLog));
    }
}
