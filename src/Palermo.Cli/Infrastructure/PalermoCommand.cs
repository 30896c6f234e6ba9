using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Palermo.Cli.Infrastructure;

/// <summary>
/// Base for every command: bad input ends with one clear line on standard error and a non-zero exit, never a stack
/// trace (which could carry data). Exit codes: 0 ok, 1 failed check, 2 bad input, 3 unexpected error, 75 the
/// database stayed busy with another write (EX_TEMPFAIL: nothing was saved; run the command again).
/// The line is <c>error: NAME: message</c> when one thing the user typed is at fault — NAME as typed: the option
/// (<c>--org</c>), the argument (<c>FILE</c>) or the setting (<c>Database:Provider</c>) — else <c>error: message</c>.
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
            return Fail(NameOf(ex.Field), ex.Message, 2);
        }
        catch (Palermo.Statistics.StatisticsException ex)
        {
            // Its message already starts with the domain's field name ("from: …"): the option's name replaces it.
            var message = ex.Message.StartsWith(ex.Field + ": ", StringComparison.Ordinal) ? ex.Message[(ex.Field.Length + 2)..] : ex.Message;
            return Fail(NameOf(ex.Field), message, 2);
        }
        catch (NotFoundException) when (NotFoundOption is { } option)
        {
            // The one thing the command looks up by the user's value (a service code) was not there.
            return Fail($"{option}: no such {option.TrimStart('-')}", 2);
        }
        catch (NotFoundException)
        {
            return Fail("not found or not permitted", 2);
        }
        catch (ConflictException ex)
        {
            // Another process changed the same records meanwhile (its message names no record or person).
            return Fail("conflict: " + ex.Message, 3);
        }
        catch (CryptographicException ex)
        {
            return Fail("key error: " + ex.Message, 3);
        }
        catch (Exception ex) when (Palermo.Data.StoreBusy.Is(ex))
        {
            // Before the other database failures: this one is worth retrying, and a script can tell it by the code.
            return Fail("the database is busy with another write (an import, a demo seed, the web app's retention run) and did not "
                + "free up in time; nothing was saved. Run the command again when it has finished, or raise Database:BusyTimeoutSeconds.", 75);
        }
        catch (DbUpdateException ex)
        {
            return Fail("database refused the change: " + (ex.InnerException?.GetType().Name ?? ex.GetType().Name), 3);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM (Program.cs): the command's own clean-up (a rolled-back transaction, a deleted
            // temporary file) has run on the way out.
            return Fail("cancelled; nothing was changed by the interrupted step", 130);
        }
        catch (Exception ex) when (DatabaseCause(ex) is { } db)
        {
            // The server's or SQLite's own message can quote values, so only the kind of failure is printed. EF Core's
            // retrying strategy wraps a connection failure in an InvalidOperationException, hence the search.
            return Fail("database error: " + DatabaseError(db), 3);
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

    /// <summary>The option the user typed for a field the domain names differently (`organisation` is `--org`), so
    /// the error line names what the user can fix. A field named like one of the command's options (`cases`,
    /// `secretFile` for `--secret-file`) or arguments (`file` for `FILE`) needs no entry.</summary>
    protected virtual IReadOnlyDictionary<string, string> Options { get; } = new Dictionary<string, string>();

    /// <summary>What the user typed for a domain field: the mapped or same-named option or argument, else the field.</summary>
    internal string? NameOf(string? field)
    {
        if (field is not { Length: > 0 }) return null;
        if (Options.TryGetValue(field, out var mapped)) return mapped;
        static string Bare(string name) => name.Replace("-", "", StringComparison.Ordinal);
        foreach (var property in typeof(TSettings).GetProperties())
        {
            if (property.GetCustomAttributes(typeof(CommandOptionAttribute), true).FirstOrDefault() is CommandOptionAttribute option
                && option.LongNames.Concat(option.ShortNames).FirstOrDefault(n => Bare(n).Equals(Bare(field), StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                // A short option (-k) is named as the parser's own errors name it (--k, ParseErrors).
                return "--" + name;
            }

            if (property.GetCustomAttributes(typeof(CommandArgumentAttribute), true).FirstOrDefault() is CommandArgumentAttribute argument
                && argument.ValueName.Equals(field, StringComparison.OrdinalIgnoreCase))
            {
                return argument.ValueName;
            }
        }

        return field;
    }

    /// <summary>The option whose value the command looks up, when "not found" can only mean that value.</summary>
    protected virtual string? NotFoundOption => null;

    private static System.Data.Common.DbException? DatabaseCause(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is System.Data.Common.DbException db) return db;
        }

        return null;
    }

    /// <summary>The exception's type and error code (SQLSTATE or SQLite's code), and for a connection failure its cause.</summary>
    internal static string DatabaseError(System.Data.Common.DbException ex) => ex switch
    {
        Npgsql.PostgresException pg => $"PostgreSQL refused the statement (SQLSTATE {pg.SqlState})",
        Microsoft.Data.Sqlite.SqliteException sqlite => $"SQLite error {sqlite.SqliteErrorCode} (extended {sqlite.SqliteExtendedErrorCode})",
        Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException socket } => $"cannot reach the PostgreSQL server ({socket.SocketErrorCode})",
        Npgsql.NpgsqlException { InnerException: TimeoutException } => "the PostgreSQL server did not answer in time",
        _ => ex.GetType().Name,
    };

    public static int Fail(string message, int code)
    {
        Console.Error.WriteLine("error: " + OneLine(message));
        return code;
    }

    /// <summary>The one error line naming <paramref name="name"/> (an option, argument or setting as typed) when one is at fault.</summary>
    public static int Fail(string? name, string message, int code) => Fail(ErrorLine(name, message), code);

    /// <summary><c>NAME: message</c>, or the message alone when nothing the user typed is at fault.</summary>
    public static string ErrorLine(string? name, string message) => name is { Length: > 0 } ? $"{name}: {message}" : message;

    /// <summary>An error is one short line: messages from the runtime can quote what the user typed (a path), which
    /// may hold control characters (a terminal escape, a newline) or be very long; neither is printed.</summary>
    public static string OneLine(string message)
    {
        var clean = new string(message.Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        clean = System.Text.RegularExpressions.Regex.Replace(clean, @"\S{100,}", w => w.Value[..40] + "…");
        return clean.Length <= 300 ? clean : clean[..300] + "…";
    }

    protected static void Line(string text) => AnsiConsole.Console.Profile.Out.Writer.WriteLine(text);
}
