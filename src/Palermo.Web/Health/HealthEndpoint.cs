using Palermo.Data;

namespace Palermo.Web.Health;

public static class HealthEndpoint
{
    /// <summary>Ready when the database answers. Says nothing else: it is public.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (PalermoDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct) ? Results.Text("Healthy") : Results.Text("Unhealthy", statusCode: 503))
            .AllowAnonymous().ExcludeFromDescription();
}
