using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Palermo.Cli.Infrastructure;

/// <summary>
/// Base for every command: bad input ends with one clear line on standard error and a non-zero exit, never a stack
/// trace (which could carry data). Exit codes: 0 ok, 1 failed check, 2 bad input, 3 unexpected error.
/// </summary>
internal abstract class PalermoCommand<TSettings> : AsyncCommand<TSettings> where TSettings : CommandSettings
{
    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (DomainException ex)
        {
            return Fail(string.IsNullOrEmpty(ex.Field) ? ex.Message : $"{ex.Field}: {ex.Message}", 2);
        }
        catch (NotFoundException)
        {
            return Fail("not found or not permitted", 2);
        }
        catch (CryptographicException ex)
        {
            return Fail("key error: " + ex.Message, 3);
        }
        catch (DbUpdateException ex)
        {
            return Fail("database refused the change: " + (ex.InnerException?.GetType().Name ?? ex.GetType().Name), 3);
        }
        catch (IOException ex)
        {
            return Fail("file error: " + ex.Message, 3);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail("file error: " + ex.Message, 3);
        }
    }

    protected abstract Task<int> RunAsync(TSettings settings, CancellationToken ct);

    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine("error: " + message);
        return code;
    }

    protected static void Line(string text) => AnsiConsole.Console.Profile.Out.Writer.WriteLine(text);
}
