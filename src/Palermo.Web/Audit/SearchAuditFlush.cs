using Palermo.Audit;

namespace Palermo.Web.Audit;

/// <summary>
/// Writes the queued search audit entries when the host stops (a deployment, a restart), so an orderly stop loses
/// none; the queue's own loop writes them about once a second while running (<see cref="SearchAuditLog"/>).
/// </summary>
public sealed class SearchAuditFlush(SearchAuditLog audit, ILogger<SearchAuditFlush> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var n = await audit.FlushAsync(cancellationToken);
            if (n > 0) log.LogInformation("Wrote {Count} queued search audit entries on stopping", n);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError("Writing queued search audit entries on stopping failed with {ExceptionType}\n{Frames}", ex.GetType().FullName, ExceptionFrames.Of(ex));
        }
    }
}
