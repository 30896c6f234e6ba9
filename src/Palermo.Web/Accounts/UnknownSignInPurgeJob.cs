using Palermo.Accounts;
using Palermo.Data;

namespace Palermo.Web.Accounts;

/// <summary>
/// Keeps the counts of failed sign-ins with unknown addresses (<see cref="UnknownAccountSignIns"/>) bounded: every
/// five minutes one instance (the database lease picks it) deletes ended locks, idle counts and the oldest beyond the
/// limit. Between runs the table can grow only as fast as sign-in attempts, each of which costs a password hash.
/// Logs counts only.
/// </summary>
public sealed class UnknownSignInPurgeJob(IServiceScopeFactory scopes, UnknownAccountSignIns unknown, TimeProvider time, ILogger<UnknownSignInPurgeJob> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (await RunIfDueAsync(stoppingToken) is > 0 and var purged) log.LogInformation("Purged {Count} unknown-address sign-in counts", purged);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogError("Unknown-address sign-in purge failed with {ExceptionType}\n{Frames}", ex.GetType().FullName, ExceptionFrames.Of(ex));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. A host disposed without StopAsync would otherwise log this as a critical failure that stops it.
        }
    }

    /// <summary>One purge, unless another instance ran one in the last interval (then null).</summary>
    public async Task<int?> RunIfDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        // The lease is the mark "purged lately"; a new holder name each time, so this instance waits too. A minute short
        // of the interval, so that the next tick finds it free.
        var holder = JobLease.NewHolder(Environment.MachineName);
        if (!await JobLease.TryAcquireAsync(db, "unknown-sign-ins", holder, Interval - TimeSpan.FromMinutes(1), ct)) return null;
        return await unknown.PurgeAsync(db, ct);
    }
}
