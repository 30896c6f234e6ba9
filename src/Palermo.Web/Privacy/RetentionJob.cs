using Palermo.Accounts;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Web.Privacy;

/// <summary>
/// Applies retention schedules once a day. With several instances, the database lease lets exactly one run it.
/// Logs counts only.
/// </summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, TimeProvider time, ILogger<RetentionJob> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(24);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Not at start-up: let the instance settle first.
            await Task.Delay(TimeSpan.FromMinutes(5), time, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
            do
            {
                try
                {
                    var erased = await RunIfDueAsync(stoppingToken);
                    if (erased is not null) log.LogInformation("Retention run erased {Count} persons", erased);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError("Retention run failed with {ExceptionType}\n{Frames}", ex.GetType().FullName, ExceptionFrames.Of(ex));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. A host disposed without StopAsync would otherwise log this as a critical failure that stops it.
        }
    }

    /// <summary>One hourly check: applies the schedules when no instance has in the last 24 hours. The number of
    /// persons erased, or null when it was not due (or another run was in progress).</summary>
    public async Task<int?> RunIfDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        // The 24-hour lease is the mark "applied today". A new holder name per check, so that this instance too waits
        // for it to expire: with a fixed name it renewed its own lease every hour and applied the schedules hourly.
        var holder = JobLease.NewHolder(Environment.MachineName);
        if (!await JobLease.TryAcquireAsync(db, "retention", holder, Interval, ct)) return null;
        try
        {
            return await scope.ServiceProvider.GetRequiredService<RunRetention>().HandleAsync(Actor.Cli with { ClientAddress = "retention-job" }, ct);
        }
        catch
        {
            // Not applied today after all: free the mark so the next hourly check tries again.
            await JobLease.ReleaseAsync(db, "retention", holder);
            throw;
        }
    }
}
