using Microsoft.Extensions.DependencyInjection;
using Palermo.Audit;
using Palermo.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace Palermo.Cli.Audit;

internal sealed class VerifyAuditCommand(IServiceScopeFactory scopes) : PalermoCommand<VerifyAuditCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoints <DIR>")] public string? Checkpoints { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        if (s.Checkpoints is not null && PathOptions.Folder(s.Checkpoints, "--checkpoints", mustExist: true) is { } bad) return Fail(bad, 2);
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<VerifyAuditLog>().HandleAsync(s.Checkpoints, ct);
        if (result.Intact)
        {
            Line(result.Message);
            return 0;
        }

        return Fail(result.FirstBadSequence is { } seq ? $"audit log broken at entry {seq}: {result.Message}" : "audit log check failed: " + result.Message, 1);
    }
}
