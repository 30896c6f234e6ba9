using Microsoft.Extensions.Configuration;

namespace Palermo.Cli.Infrastructure;

/// <summary>
/// The same configuration sources as the web app: appsettings.json, PALERMO__ environment variables, and
/// `--data-dir DIR` or `--Section:Key=value` on the command line (taken out before the command is parsed).
/// </summary>
internal static class CliConfiguration
{
    public static (IConfiguration Config, string[] Arguments) Build(string[] args)
    {
        var settings = new Dictionary<string, string?>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--data-dir" && i + 1 < args.Length)
            {
                settings["data-dir"] = args[++i];
            }
            else if (a.StartsWith("--data-dir=", StringComparison.Ordinal))
            {
                settings["data-dir"] = a["--data-dir=".Length..];
            }
            else if (a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                settings[a[2..eq]] = a[(eq + 1)..];
            }
            else
            {
                rest.Add(a);
            }
        }

        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("PALERMO__")
            .AddInMemoryCollection(settings)
            .Build();
        return (config, rest.ToArray());
    }
}
