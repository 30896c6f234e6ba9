using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Privacy;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Palermo.Cli.Privacy;

internal sealed class RotateKeysCommand(IServiceScopeFactory scopes, KeyFiles files) : PalermoCommand<RotateKeysCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var rotate = scope.ServiceProvider.GetRequiredService<RotateMasterKey>();
        RotationResult result;
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            result = await AnsiConsole.Progress().StartAsync(async p =>
            {
                var task = p.AddTask("re-wrapping data keys");
                return await rotate.HandleAsync(Actor.Cli, new Progress<(int Done, int Total)>(x => { task.MaxValue = Math.Max(1, x.Total); task.Value = x.Done; }), ct);
            });
        }
        else
        {
            result = await rotate.HandleAsync(Actor.Cli, null, ct);
        }

        Line($"master key {result.NewKeyId} is current; {result.Rewrapped} data keys re-wrapped");
        foreach (var old in result.RetiredKeyIds)
        {
            Line($"no data key uses {files.MasterKeyPath(old)} any more: keep it until every backup made before now has expired, then delete it");
        }

        return 0;
    }
}
