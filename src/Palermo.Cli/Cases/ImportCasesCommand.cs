using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Cases.Htcds;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Spectre.Console.Cli;

namespace Palermo.Cli.Cases;

internal sealed class ImportCasesCommand(IServiceScopeFactory scopes) : PalermoCommand<ImportCasesCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--format <FORMAT>"), Description("htcds (CSV with HTCDS 2.0 column names)")] public string? Format { get; init; }
        [CommandOption("--org <ORG>"), Description("The organisation's id or unique name")] public string? Org { get; init; }
        [CommandOption("--skip-unsupported"), Description("Leave out (and list) the HTCDS columns Palermo does not read: the per_* perpetrator columns other than per_RoleInProcess, per_FirstName, per_SecondName, per_Gender, per_Birthdate, per_Age and per_Citizenship. Without it a file with them is refused")]
        public bool SkipUnsupported { get; init; }
        [CommandArgument(0, "<FILE>"), Description("The CSV file")] public string? File { get; init; }
    }

    protected override async Task<int> RunAsync(Settings s, CancellationToken ct)
    {
        if (!string.Equals(s.Format ?? "htcds", "htcds", StringComparison.OrdinalIgnoreCase)) return Fail("--format", "only htcds can be imported.", 2);
        if (string.IsNullOrWhiteSpace(s.File) || !System.IO.File.Exists(s.File)) return Fail("FILE", "no such file.", 2);
        if (new FileInfo(s.File).Length > HtcdsFile.MaxCommandBytes) return Fail("FILE", $"larger than {HtcdsFile.MaxCommandBytes / 1024 / 1024} MB; split it.", 2);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PalermoDbContext>();
        await DatabaseMigrator.MigrateAsync(db, ct);
        var actor = await CliOperator.ForOrganisationAsync(db, s.Org, ct);
        await using var file = System.IO.File.OpenRead(s.File);
        var result = await scope.ServiceProvider.GetRequiredService<ImportHtcds>().HandleAsync(file, actor, s.SkipUnsupported, ct);
        if (!result.Succeeded)
        {
            // First line a summary, then every problem on its own line: row and column, never a cell's value.
            Console.Error.WriteLine($"error: nothing imported; {HtcdsFile.Summary(result.Errors)}:");
            foreach (var e in result.Errors) Console.Error.WriteLine(e.ToString());
            return 2;
        }

        Line($"imported {result.Imported}, skipped {result.Skipped} (already imported)");
        // Never leave data out without saying so: name every column that was not read.
        if (result.SkippedColumns.Count > 0) Line($"columns not read (--skip-unsupported): {string.Join(", ", result.SkippedColumns)}");
        return 0;
    }
}
