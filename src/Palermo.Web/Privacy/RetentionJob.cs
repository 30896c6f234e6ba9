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
    private readonly string _holder = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not at start-up: let the instance settle first.
        await Task.Delay(TimeSpan.FromMinutes(5), time, stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
                if (await JobLease.TryAcquireAsync(db, "retention", _holder, Interval, stoppingToken))
                {
                    var erased = await scope.ServiceProvider.GetRequiredService<RunRetention>().HandleAsync(Actor.Cli with { ClientAddress = "retention-job" }, stoppingToken);
                    if (erased is null) log.LogInformation("Retention run skipped: another run holds the lease");
                    else log.LogInformation("Retention run erased {Count} persons", erased);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError("Retention run failed with {ExceptionType}", ex.GetType().FullName);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
