using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Statistics;
using Palermo.Statistics.Ctdc;
using Spectre.Console.Cli;

namespace Palermo.Cli.Statistics;

/// <summary><c>palermo stats export-ctdc</c>: the k-anonymous CTDC record-level file; prints the report the
/// approver reads before release.</summary>
internal sealed class StatsExportCtdcCommand(IServiceScopeFactory scopes) : PalermoCommand<StatsExportCtdcCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("-k <K>"), Description("Minimum group size over the quasi-identifiers"), DefaultValue(CtdcExporter.DefaultK)] public int K { get; init; } = CtdcExporter.DefaultK;
        [CommandOption("--from <YEAR>")] public int? From { get; init; }
        [CommandOption("--to <YEAR>")] public int? To { get; init; }
        [CommandOption("--out <FILE>")] public string? Out { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(s.Out)) return Fail("--out", "name the file to write.", 2);
        if (PathOptions.Output(s.Out, "--out") is { } bad) return Fail(bad, 2);
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await DatabaseMigrator.MigrateAsync(sp.GetRequiredService<PalermoDbContext>(), ct);
        var request = new StatisticsRequest(s.From, s.To);
        var result = await sp.GetRequiredService<ComputeStatistics>().HandleAsync(request, Actor.Cli, ct);
        var report = CtdcExporter.ExportFile(result.Records, request.Query, ComputeStatistics.Countries, s.Out, s.K);
        await sp.GetRequiredService<AuditStatisticsExport>().HandleAsync("ctdc", result, Actor.Cli, ct);
        Line(report.Describe());
        return 0;
    }
}
