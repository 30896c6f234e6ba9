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
        [CommandOption("--reset-passwords"), Description("Give demo accounts that already exist new passwords and TOTP secrets (without it they are left untouched)")]
        public bool ResetPasswords { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(s.Cases, s.Seed, Actor.Cli, s.ResetPasswords, ct);
        Print(result, Line);
        Line($"{result.Persons} synthetic cases in {started.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>What a demo run says about its accounts: the new ones with their sign-in details, the kept ones by name.</summary>
    internal static void Print(DemoResult result, Action<string> line)
    {
        if (result.Credentials.Count > 0)
        {
            line("Demo — synthetic data. Accounts (password, TOTP secret for an authenticator app):");
            foreach (var c in result.Credentials) line($"  {c.Role,-26} {c.Email,-48} {c.Password}  {c.TotpSecret}");
        }

        if (result.Kept.Count > 0)
        {
            line($"{result.Kept.Count} demo account(s) already existed and were left untouched (their passwords and authenticators are unchanged; --reset-passwords gives them new ones):");
            foreach (var k in result.Kept) line($"  {k.Role,-26} {k.Email}");
        }
    }
}
