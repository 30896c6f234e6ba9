using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>An account's security stamp (sessions end when it changes) and row version (roles, organisation, lockout...).</summary>
public sealed record AccountStamps(string? SecurityStamp, string? ConcurrencyStamp);

/// <summary>
/// Reads the two stamps of one account by primary key without an EF Core context. The web app runs this on every
/// authenticated request (that is what makes "sign out everywhere" immediate on every instance); profiling showed
/// that creating a DbContext for it cost more than the query itself. Plain pooled connections of the same database:
/// the read needs none of the per-connection settings the context applies for writes.
/// </summary>
public sealed class AccountStampReader(PalermoSettings settings) : IAsyncDisposable
{
    private const string Sql = "SELECT \"SecurityStamp\", \"ConcurrencyStamp\" FROM \"AspNetUsers\" WHERE \"Id\" = @id";

    // Typed as object and touched only in the methods below: a SQLite deployment never loads the PostgreSQL driver.
    private readonly object? _postgres = settings.Provider == DatabaseProvider.Postgres ? CreateDataSource(settings.ConnectionString) : null;

    public async Task<AccountStamps?> ReadAsync(Guid id, CancellationToken ct)
    {
        await using var connection = _postgres is not null ? PostgresConnection(_postgres) : SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        // SQLite stores GUIDs as upper-case text (EF Core's mapping); Microsoft.Data.Sqlite binds a Guid the same way.
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new AccountStamps(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public ValueTask DisposeAsync() => _postgres is null ? ValueTask.CompletedTask : DisposeDataSource(_postgres);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static object CreateDataSource(string connectionString) => NpgsqlDataSource.Create(connectionString);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DbConnection PostgresConnection(object source) => ((NpgsqlDataSource)source).CreateConnection();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static DbConnection SqliteConnection(string connectionString) => new SqliteConnection(connectionString);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ValueTask DisposeDataSource(object source) => ((NpgsqlDataSource)source).DisposeAsync();
}
