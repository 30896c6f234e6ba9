using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Cases.Htcds;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Spectre.Console.Cli;

namespace Palermo.Cli.Cases;

internal sealed class ExportCasesCommand(IServiceScopeFactory scopes) : PalermoCommand<ExportCasesCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--format <FORMAT>"), Description("htcds (CSV) or json")] public string? Format { get; init; }
        [CommandOption("--org <ORG>"), Description("The organisation's id or unique name")] public string? Org { get; init; }
        [CommandOption("--out <FILE>"), Description("The file to write (replaced only when complete)")] public string? Out { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        ExportFormat? format = s.Format?.ToLowerInvariant() switch
        {
            "htcds" => ExportFormat.Htcds,
            "json" => ExportFormat.Json,
            _ => null,
        };
        if (format is null) return Fail("--format", "use htcds or json.", 2);
        if (PathOptions.Output(s.Out, "--out") is { } bad) return Fail(bad, 2);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var actor = await CliOperator.ForOrganisationAsync(db, s.Org, ct);
        var result = await scope.ServiceProvider.GetRequiredService<ExportHtcds>().HandleAsync(format.Value, s.Out!, actor, ct);
        Line($"exported {result.Exported} cases to {result.Path}" + (result.SkippedErased > 0 ? $" ({result.SkippedErased} erased left out)" : ""));
        return 0;
    }
}
