using System.ComponentModel;
using System.Globalization;
using Palermo.Cli.Infrastructure;
using Palermo.Linkage;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Workflow;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Palermo.Cli.Linkage;

/// <summary><c>palermo linkage run [--threshold T] [--kernel KIND] A.json B.json [...] --out MATCHES.csv</c></summary>
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

        [CommandOption("--kernel <KIND>")]
        [Description("Comparison kernel: Auto (the fastest this CPU supports), BitSliced (AVX-512), BitSlicedAvx2, Avx512, Avx2, ScalarPopcnt or Portable. Results are identical; only speed differs.")]
        [DefaultValue("Auto")]
        public string Kernel { get; init; } = "Auto";

        [CommandOption("--out <FILE>")]
        [Description("MATCHES.csv: group_id,input,position for every matched record.")]
        public string? Out { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        CommandFailure.Run(() =>
        {
            // Checked here rather than in Validate() so that the error, like every other, is one line on stderr.
            if (string.IsNullOrWhiteSpace(settings.Out))
            {
                return CommandFailure.Fail("--out: name the file to write.");
            }

            // Each path is checked before any work, so the error names the option and never quotes the path.
            if (PathOptions.Output(settings.Out, "--out") is { } badOut) return CommandFailure.Fail(badOut);
            if (settings.Inputs.Select(i => PathOptions.Input(i, "INPUTS")).FirstOrDefault(e => e is not null) is { } badInput) return CommandFailure.Fail(badInput);
            if (settings.Threshold is not (> 0 and <= 1)) return CommandFailure.Fail("--threshold: must be greater than 0 and at most 1.");

            if (!Enum.TryParse(settings.Kernel, ignoreCase: true, out KernelKind kernel) || !Enum.IsDefined(kernel) || int.TryParse(settings.Kernel, out _))
            {
                return CommandFailure.Fail($"--kernel: must be one of {string.Join(", ", Enum.GetNames<KernelKind>())}.");
            }

            if (!KernelSupport.IsSupported(kernel))
            {
                return CommandFailure.Fail($"--kernel: {kernel} is not supported on this CPU (Auto picks {KernelSupport.Resolve(KernelKind.Auto)}).");
            }

            LinkageRun.Result result = ProgressDisplay.Run(console, progress => LinkageRun.Run(settings.Inputs, settings.Threshold, progress, kernel));
            MatchesCsv.Write(settings.Out!, result.Groups);
            foreach (string warning in result.Warnings)
            {
                CommandFailure.Error.WriteLine($"warning: {warning}");
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
