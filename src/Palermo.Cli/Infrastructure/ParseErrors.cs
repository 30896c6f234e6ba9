using System.Text.RegularExpressions;

namespace Palermo.Cli.Infrastructure;

/// <summary>
/// Spectre.Console.Cli's own errors, put in the user's terms: they start with the option at fault and never quote the
/// value typed (it may be a person's name, a megabyte, or terminal escapes).
/// </summary>
internal static partial class ParseErrors
{
    /// <summary>`--from ""` would otherwise be read as "not given" and the default used.</summary>
    public static string? EmptyOption(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith('-')) continue;
            if (a.EndsWith('=') || (i + 1 < args.Count && args[i + 1].Length == 0))
            {
                var option = a.TrimEnd('=');
                return $"{(option == "-k" ? "--k" : option)}: give a value";
            }
        }

        return null;
    }

    public static string Reword(string message, IReadOnlyList<string> args)
    {
        // "Failed to convert 'abc' to Int32.": name the option whose value it was instead.
        if (message.StartsWith("Failed to convert '", StringComparison.Ordinal))
        {
            for (var i = 0; i + 1 < args.Count; i++)
            {
                if (args[i].StartsWith('-') && message.StartsWith($"Failed to convert '{args[i + 1]}'", StringComparison.Ordinal))
                {
                    return $"{(args[i] == "-k" ? "--k" : args[i])}: not a valid number";
                }
            }

            return "a value is not a valid number";
        }

        if (MissingArgument().Match(message) is { Success: true } m) return $"{m.Groups[1].Value}: required";
        if (UnknownOption().Match(message) is { Success: true } u) return $"--{u.Groups[1].Value}: unknown option for this command";
        return message;
    }

    [GeneratedRegex("missing required argument '([^']+)'")]
    private static partial Regex MissingArgument();

    [GeneratedRegex("^Unknown option '([^']+)'")]
    private static partial Regex UnknownOption();
}
