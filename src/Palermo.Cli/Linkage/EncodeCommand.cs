using System.ComponentModel;
using Palermo.Cli.Infrastructure;
using Palermo.Linkage.Schema;
using Palermo.Linkage.Workflow;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Palermo.Cli.Linkage;

/// <summary><c>palermo linkage encode --secret-file F [--schema FILE] INPUT.csv --out OUT.json</c></summary>
public sealed class EncodeCommand(IAnsiConsole console) : Command<EncodeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<INPUT>")]
        [Description("CSV with columns id,given_name,family_name,date_of_birth,sex,citizenship (empty = missing).")]
        public string Input { get; init; } = string.Empty;

        [CommandOption("--secret-file <FILE>")]
        [Description("File holding the project secret shared by the linking agencies (at least 16 bytes).")]
        public string? SecretFile { get; init; }

        [CommandOption("--schema <FILE>")]
        [Description("Linkage schema JSON; the built-in default when omitted.")]
        public string? Schema { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Output JSON {\"clks\": [...]}; OUT.ids.csv next to it maps positions to pseudonymous ids.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandFailure.Run(() =>
        {
            // Checked here rather than in Validate() so that the error, like every other, is one line on stderr.
            // Each path is checked before any work, so the error names the option and never quotes the path.
            if (string.IsNullOrWhiteSpace(settings.SecretFile)) return CommandFailure.Fail("--secret-file: required.");
            if (PathOptions.Input(settings.SecretFile, "--secret-file") is { } badSecret) return CommandFailure.Fail(badSecret);
            if (PathOptions.Input(settings.Input, "INPUT") is { } badInput) return CommandFailure.Fail(badInput);
            if (settings.Schema is not null && PathOptions.Input(settings.Schema, "--schema") is { } badSchema) return CommandFailure.Fail(badSchema);
            if (PathOptions.Output(settings.Out, "--out") is { } badOut) return CommandFailure.Fail(badOut);

            byte[] secret = SecretFile.Read(settings.SecretFile!);
            LinkageSchema schema = settings.Schema is null ? DefaultSchema.Create() : SchemaJson.Load(settings.Schema);
            EncodeJob.Result result = ProgressDisplay.Run(console, progress => EncodeJob.Run(settings.Input, secret, schema, settings.Out!, progress));
            console.WriteLine(
                $"Encoded {result.Records} records into {settings.Out} ({result.FilterBits}-bit filters, schema {result.SchemaFingerprint}).");
            console.WriteLine($"Pseudonymous ids for your organisation only: {result.IdsPath}");
            return 0;
        });
}
