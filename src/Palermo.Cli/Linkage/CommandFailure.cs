using Palermo.Linkage;

namespace Palermo.Cli.Linkage;

/// <summary>Turns expected failures into one line on stderr and exit code 1; never prints personal data.</summary>
internal static class CommandFailure
{
    public const int ExitCode = 1;

    // Tests run commands in-process and in parallel; an async-local writer keeps their stderr apart without
    // touching the process-wide Console.Error.
    private static readonly AsyncLocal<TextWriter?> CapturedError = new();

    public static TextWriter Error => CapturedError.Value ?? Console.Error;

    public static void CaptureErrorsTo(TextWriter? writer) => CapturedError.Value = writer;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (LinkageException e)
        {
            return Fail(e.Message);
        }
        catch (IOException e)
        {
            return Fail($"file error: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail($"file error: {e.Message}");
        }
    }

    public static int Fail(string message)
    {
        Error.WriteLine("error: " + Infrastructure.PalermoCommand<Spectre.Console.Cli.CommandSettings>.OneLine(message));
        return ExitCode;
    }
}
