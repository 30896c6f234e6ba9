using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Palermo.Statistics;
using Palermo.Statistics.Export;
using Spectre.Console.Cli;

namespace Palermo.Cli.Statistics;

/// <summary><c>palermo stats export</c>: the Global Report tables as a file, protected unless
/// <c>--unsuppressed</c> is given (the file then says so on its first line).</summary>
internal sealed class StatsExportCommand(IServiceScopeFactory scopes) : PalermoCommand<StatsExportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--format <FORMAT>"), Description("csv, sdmx-csv, json or xlsx")] public string? Format { get; init; }
        [CommandOption("--from <YEAR>"), Description("First year (default: the first year in the data)")] public int? From { get; init; }
        [CommandOption("--to <YEAR>"), Description("Last year (default: the last year in the data)")] public int? To { get; init; }
        [CommandOption("--unsuppressed"), Description("True national counts without disclosure control; not for publication")] public bool Unsuppressed { get; init; }
        [CommandOption("--out <FILE>")] public string? Out { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        var format = s.Format?.Trim().ToLowerInvariant();
        if (format is null || !StatisticsExport.Formats.Contains(format))
        {
            return Fail("--format", $"use {string.Join("|", StatisticsExport.Formats)}.", 2);
        }

        if (string.IsNullOrWhiteSpace(s.Out)) return Fail("--out", "name the file to write.", 2);
        if (PathOptions.Output(s.Out, "--out") is { } bad) return Fail(bad, 2);
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await DatabaseMigrator.MigrateAsync(sp.GetRequiredService<PalermoDbContext>(), ct);
        var result = await sp.GetRequiredService<ComputeStatistics>()
            .HandleAsync(new StatisticsRequest(s.From, s.To, Unsuppressed: s.Unsuppressed), Actor.Cli, ct);
        StatisticsExport.WriteFile(result.Publication, format, s.Out);
        await sp.GetRequiredService<AuditStatisticsExport>().HandleAsync(format, result, Actor.Cli, ct);
        Line($"{result.Cube.FromYear}-{result.Cube.ToYear}: {result.Cube.PersonsCounted} persons counted; {(s.Unsuppressed ? "UNSUPPRESSED " : "")}{format} written to {s.Out}");
        return 0;
    }
}
