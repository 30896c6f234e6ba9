using Palermo.CrossAgency;

namespace Palermo.Web.Linkage;

/// <summary>
/// Runs queued cross-agency linkage projects (too large for a web request) in the background. Every instance polls;
/// the database lease in <see cref="ProcessQueuedLinkageRuns"/> lets exactly one run a given project. Logs ids and
/// types only.
/// </summary>
public sealed class LinkageRunJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<LinkageRunJob> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);
    private readonly string _holder = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Poll, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var ran = await scope.ServiceProvider.GetRequiredService<ProcessQueuedLinkageRuns>().HandleAsync(_holder, stoppingToken);
                    if (ran is { } id) log.LogInformation("Linkage run of project {ProjectId} ended", id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError("Linkage run job failed with {ExceptionType}\n{Frames}", ex.GetType().FullName, ExceptionFrames.Of(ex));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. A host disposed without StopAsync would otherwise log this as a critical failure that stops it.
        }
    }
}
