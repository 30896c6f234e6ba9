using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Spectre.Console.Cli;

namespace Palermo.Cli.Audit;

internal sealed class CheckpointAuditCommand(IServiceScopeFactory scopes) : PalermoCommand<CheckpointAuditCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")] public string? Out { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(s.Out)) return Fail("--out", "a folder for the checkpoint is required.", 2);
        if (PathOptions.Folder(s.Out, "--out", mustExist: false) is { } bad) return Fail(bad, 2);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var cp = await scope.ServiceProvider.GetRequiredService<WriteCheckpoint>().HandleAsync(s.Out, Actor.Cli, ct);
        Line($"checkpoint at entry {cp.Sequence}: {Path.Combine(s.Out, cp.FileName)}");
        return 0;
    }
}
