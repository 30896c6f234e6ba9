using Palermo.Linkage;

namespace Palermo.Cli.Linkage;

/// <summary>Turns expected failures into one line on stderr and exit code 1; never prints personal data.</summary>
internal static class CommandFailure
{
    public const int ExitCode = 1;

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
            return Fail($"File error: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail($"Access denied: {e.Message}");
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCode;
    }
}
