using Npgsql;
using Xunit;

namespace Palermo.Testing;

/// <summary>
/// What the test run may use. PostgreSQL tests run when PALERMO_TEST_POSTGRES holds a connection string (to a role
/// that may create databases); otherwise they skip visibly — or fail, when PALERMO_REQUIRE_ALL=1 (as in CI).
/// </summary>
public static class TestEnv
{
    public static string? Postgres => Environment.GetEnvironmentVariable("PALERMO_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool RequireAll => Environment.GetEnvironmentVariable("PALERMO_REQUIRE_ALL") == "1";

    public static string RequirePostgres()
    {
        if (Postgres is { } cs) return cs;
        if (RequireAll) Assert.Fail("PALERMO_REQUIRE_ALL=1 but PALERMO_TEST_POSTGRES is not set.");
        Assert.Skip("PostgreSQL not configured: set PALERMO_TEST_POSTGRES to run this test.");
        return "";
    }

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The database name is generated from a GUID; identifiers cannot be parameters.")]
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var admin = RequirePostgres();
        var name = "palermo_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The database name is generated from a GUID; identifiers cannot be parameters.")]
    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var name = b.Database;
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestEnv.Postgres) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        await cmd.ExecuteNonQueryAsync();
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "palermo-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
