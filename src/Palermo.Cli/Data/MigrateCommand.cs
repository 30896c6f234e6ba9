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
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), ct);
        Line("database is up to date");
        return 0;
    }
}
