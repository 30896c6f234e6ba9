using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Privacy;
using Spectre.Console.Cli;

namespace Palermo.Cli.Privacy;

internal sealed class RetentionRunCommand(IServiceScopeFactory scopes) : PalermoCommand<RetentionRunCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), ct);
        var erased = await scope.ServiceProvider.GetRequiredService<RunRetention>().HandleAsync(Actor.Cli, ct);
        if (erased is null)
        {
            // The daily job (or another `palermo retention run`) is applying the schedules right now.
            return Fail("another retention run is in progress; nothing was done, try again when it has finished", 1);
        }

        Line($"retention applied: {erased} persons erased");
        return 0;
    }
}
