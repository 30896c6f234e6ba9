using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Demo;
using Spectre.Console.Cli;

namespace Palermo.Cli.Demo;

internal sealed class DemoCommand(IServiceScopeFactory scopes) : PalermoCommand<DemoCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--cases <N>"), Description("How many synthetic cases"), DefaultValue(100)] public int Cases { get; init; } = 100;
        [CommandOption("--seed <S>"), DefaultValue(1)] public int Seed { get; init; } = 1;
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(s.Cases, s.Seed, Actor.Cli, ct);
        Line("Demo — synthetic data. Accounts (password, TOTP secret for an authenticator app):");
        foreach (var c in result.Credentials)
        {
            Line($"  {c.Role,-26} {c.Email,-48} {c.Password}  {c.TotpSecret}");
        }

        Line($"{result.Persons} synthetic cases in {started.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
