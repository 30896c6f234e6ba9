using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Palermo.Data;

namespace Palermo.Accounts;

/// <summary>
/// An account's security stamp (sessions end when it changes), row version (roles, organisation, lockout...), and
/// whether the session asked about was signed out (<see cref="SignedOutSessions"/>).
/// </summary>
public sealed record AccountStamps(string? SecurityStamp, string? ConcurrencyStamp, bool SignedOut);

/// <summary>
/// Reads the two stamps of one account by primary key without an EF Core context. The web app runs this on every
/// authenticated request (that is what makes "sign out everywhere" immediate on every instance); profiling showed
/// that creating a DbContext for it cost more than the query itself. Plain pooled connections of the same database:
/// the read needs none of the per-connection settings the context applies for writes.
/// </summary>
public sealed class AccountStampReader(PalermoSettings settings) : IAsyncDisposable
{
    // One primary-key read of the account, and one of Identity's token table by its primary key (user, store, name).
    private const string Sql = "SELECT u.\"SecurityStamp\", u.\"ConcurrencyStamp\", EXISTS (SELECT 1 FROM \"AspNetUserTokens\" t "
        + "WHERE t.\"UserId\" = u.\"Id\" AND t.\"LoginProvider\" = '" + SignedOutSessions.Store + "' AND t.\"Name\" = @session) "
        + "FROM \"AspNetUsers\" u WHERE u.\"Id\" = @id";

    // Typed as object and touched only in the methods below: a SQLite deployment never loads the PostgreSQL driver.
    private readonly object? _postgres = settings.Provider == DatabaseProvider.Postgres ? CreateDataSource(settings.ConnectionString) : null;

    /// <param name="sessionId">The session's id from its cookie; null for a cookie issued before sessions had one.</param>
    public async Task<AccountStamps?> ReadAsync(Guid id, string? sessionId, CancellationToken ct)
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
        var session = command.CreateParameter();
        session.ParameterName = "session";
        session.Value = sessionId is null ? "" : SignedOutSessions.TokenName(sessionId);
        command.Parameters.Add(session);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct)) return null;
        // EXISTS is an integer on SQLite and a boolean on PostgreSQL.
        return new AccountStamps(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            Convert.ToBoolean(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
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
