using Microsoft.Extensions.DependencyInjection;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Spectre.Console.Cli;

namespace Palermo.Cli.Data;

internal sealed class MigrateCommand(IServiceScopeFactory scopes) : PalermoCommand<MigrateCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    protected override async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        if (!await DatabaseMigrator.MigrateAsync(db, ct))
        {
            // The explicit command also repairs the statistics projection (the web app's start-up skips the count).
            var filled = await Palermo.Statistics.StatisticsProjection.BackfillAsync(db, ct);
            if (filled > 0) Line($"statistics rows filled: {filled}");
        }

        Line("database is up to date");
        return 0;
    }
}
