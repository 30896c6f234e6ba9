using System.ComponentModel;
using System.Globalization;
using Palermo.Linkage;
using Palermo.Linkage.Workflow;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Palermo.Cli.Linkage;

/// <summary><c>palermo linkage run [--threshold T] A.json B.json [...] --out MATCHES.csv</c></summary>
public sealed class RunCommand(IAnsiConsole console) : Command<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<INPUTS>")]
        [Description("Two or more encoding files from `palermo linkage encode` (or clkhash).")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--threshold <T>")]
        [Description("Dice similarity at or above which two records are the same person.")]
        [DefaultValue(LinkageDefaults.Threshold)]
        public double Threshold { get; init; } = LinkageDefaults.Threshold;

        [CommandOption("--out <FILE>")]
        [Description("MATCHES.csv: group_id,input,position for every matched record.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Inputs.Length < 2 ? ValidationResult.Error("Give at least two input files.")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required.")
            : Threshold is <= 0 or > 1 ? ValidationResult.Error("--threshold must be greater than 0 and at most 1.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandFailure.Run(() =>
        {
            LinkageRun.Result result = ProgressDisplay.Run(console, progress => LinkageRun.Run(settings.Inputs, settings.Threshold, progress));
            MatchesCsv.Write(settings.Out!, result.Groups);
            foreach (string warning in result.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            var c = CultureInfo.InvariantCulture;
            console.WriteLine(string.Create(c, $"Records: {result.Summary.Records} in {result.InputSizes.Length} inputs (threshold {settings.Threshold})"));
            console.WriteLine(string.Create(c, $"Unique persons: {result.Summary.UniquePersons}"));
            for (int i = 0; i < result.InputSizes.Length; i++)
            {
                for (int j = i + 1; j < result.InputSizes.Length; j++)
                {
                    console.WriteLine(string.Create(c,
                        $"Overlap input {i} ({Path.GetFileName(settings.Inputs[i])}) x input {j} ({Path.GetFileName(settings.Inputs[j])}): {result.Summary.Overlap[i, j]}"));
                }
            }

            console.WriteLine($"Matches written to {settings.Out}");
            return 0;
        });
}
