using Microsoft.Extensions.Configuration;

namespace Palermo.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The settings the web app and the command share. Read from configuration; see the README's table.</summary>
public sealed record PalermoSettings(
    string DataDir,
    DatabaseProvider Provider,
    string ConnectionString,
    string KeysDir,
    string? MasterKey,
    IReadOnlyList<string> RetiredMasterKeys,
    string PublicUrl)
{
    public const string DefaultUrl = "http://localhost:5080";

    public static PalermoSettings From(IConfiguration config)
    {
        var dataDir = Path.GetFullPath(config["data-dir"] ?? config["DataDir"] ?? "data");
        var providerText = config["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
        {
            throw new DomainException("Database:Provider", $"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        }

        var cs = config.GetConnectionString("Palermo");
        if (string.IsNullOrWhiteSpace(cs))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new DomainException("ConnectionStrings:Palermo", "ConnectionStrings:Palermo is required when Database:Provider is Postgres.");
            }

            cs = $"Data Source={Path.Combine(dataDir, "palermo.db")}";
        }

        var keysDir = Path.GetFullPath(config["Keys:Directory"] ?? Path.Combine(dataDir, "keys"));
        var retired = (config["Keys:RetiredMasterKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var url = config["Palermo:PublicUrl"] ?? config["urls"]?.Split(';')[0] ?? DefaultUrl;
        return new PalermoSettings(dataDir, provider, cs, keysDir, config["Keys:MasterKey"], retired, url.TrimEnd('/'));
    }
}
