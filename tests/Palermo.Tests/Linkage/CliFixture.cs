using System.Globalization;
using System.Text;
using Palermo.Cli.Linkage;
using Palermo.Linkage.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;
using Xunit;

namespace Palermo.Tests.Linkage;

[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>Runs <c>palermo linkage ...</c> in-process in a temporary folder and captures stdout and stderr.</summary>
internal sealed class CliFixture : IDisposable
{
    public CliFixture()
    {
        Dir = Directory.CreateTempSubdirectory("palermo-linkage-test-").FullName;
        File.WriteAllText(Path("secret.key"), "cli-test-secret-0123456789abcdef\n");
        File.WriteAllText(Path("other.key"), "a-completely-different-secret-42\n");
    }

    public string Dir { get; }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Palermo.Cli.Linkage.CommandFailure.CaptureErrorsTo(error);
        try
        {
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Interactive = InteractionSupport.No,
                Ansi = AnsiSupport.No,
            });
            var app = new CommandApp();
            app.Configure(c =>
            {
                c.ConfigureConsole(console);
                c.AddLinkage();
            });
            int code = app.Run(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Palermo.Cli.Linkage.CommandFailure.CaptureErrorsTo(null);
        }
    }

    public void WriteCsv(string name, IEnumerable<SyntheticPerson> people, string prefix)
    {
        var sb = new StringBuilder("id,given_name,family_name,date_of_birth,sex,citizenship\n");
        int i = 0;
        foreach (SyntheticPerson p in people)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{prefix}-{i++},\"{p.GivenName}\",\"{p.FamilyName}\",{p.DateOfBirth},{p.Sex},{p.Citizenship}\n");
        }

        File.WriteAllText(Path(name), sb.ToString());
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
