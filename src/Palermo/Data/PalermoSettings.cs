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
    string PublicUrl,
    int BusyTimeoutSeconds = PalermoSettings.DefaultBusyTimeoutSeconds,
    int EmergencyAccessHours = Palermo.EmergencyAccess.EmergencyGrant.DefaultHours,
    int UnusualReadingFloor = Palermo.Audit.FindUnusualReading.DefaultFloor,
    int UnusualReadingFactor = Palermo.Audit.FindUnusualReading.DefaultFactor)
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// How long a statement waits for another transaction's write lock (SQLite) or row lock (PostgreSQL) before the
    /// save fails as busy (<see cref="StoreBusy"/>): long enough for an import of about 100,000 rows to finish.
    /// </summary>
    public const int DefaultBusyTimeoutSeconds = 30;

    /// <summary>
    /// The connection string with the busy wait applied: SQLite's default command timeout (its driver retries a busy
    /// statement until then; the busy_timeout pragma, <see cref="SqlitePragmas"/>, waits inside each attempt), or
    /// PostgreSQL's lock_timeout, unless the operator's connection string sets one.
    /// </summary>
    public string EffectiveConnectionString => Provider == DatabaseProvider.Postgres ? WithLockTimeout(ConnectionString, BusyTimeoutSeconds) : WithDefaultTimeout(ConnectionString, BusyTimeoutSeconds);

    private static string WithDefaultTimeout(string cs, int seconds)
    {
        var b = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
        if (!cs.Contains("timeout", StringComparison.OrdinalIgnoreCase)) b.DefaultTimeout = seconds;
        return b.ToString();
    }

    private static string WithLockTimeout(string cs, int seconds)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(cs);
        if (b.Options?.Contains("lock_timeout", StringComparison.OrdinalIgnoreCase) != true)
        {
            b.Options = $"{b.Options} -c lock_timeout={seconds * 1000}".Trim();
        }

        return b.ToString();
    }

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
        var busyText = config["Database:BusyTimeoutSeconds"];
        var busy = DefaultBusyTimeoutSeconds;
        if (busyText is not null
            && (!int.TryParse(busyText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out busy) || busy is < 1 or > 3600))
        {
            throw new DomainException("Database:BusyTimeoutSeconds", "Database:BusyTimeoutSeconds must be a whole number of seconds from 1 to 3600.");
        }

        var hoursText = config["Palermo:EmergencyAccessHours"];
        var hours = Palermo.EmergencyAccess.EmergencyGrant.DefaultHours;
        if (hoursText is not null
            && (!int.TryParse(hoursText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out hours) || hours is < 1 or > 24))
        {
            throw new DomainException("Palermo:EmergencyAccessHours", "Palermo:EmergencyAccessHours must be a whole number of hours from 1 to 24.");
        }

        var floor = WholeNumber(config, "Palermo:UnusualReadingFloor", Palermo.Audit.FindUnusualReading.DefaultFloor, 5, 100_000, "cases");
        var factor = WholeNumber(config, "Palermo:UnusualReadingFactor", Palermo.Audit.FindUnusualReading.DefaultFactor, 2, 100, "times the usual day");
        return new PalermoSettings(dataDir, provider, cs, keysDir, config["Keys:MasterKey"], retired, url.TrimEnd('/'), busy, hours, floor, factor);
    }

    private static int WholeNumber(IConfiguration config, string key, int fallback, int min, int max, string unit)
    {
        var text = config[key];
        if (text is null) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new DomainException(key, $"{key} must be a whole number from {min} to {max} ({unit}).");
        }

        return value;
    }
}
