using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Palermo.Data;

/// <summary>
/// Durability and integrity for the embedded database: every connection waits on a busy writer (up to
/// <see cref="PalermoSettings.BusyTimeoutSeconds"/>; then <see cref="StoreBusy"/>) instead of failing at once,
/// syncs fully on commit (a power cut loses no acknowledged write) and enforces foreign keys. secure_delete
/// overwrites deleted content with zeros, so a deleted attachment or a destroyed data key does not linger in free
/// pages of the file (FAST would leave freelist pages, where large blobs go, untouched).
/// WAL mode is persistent in the file and set once at migration.
/// </summary>
internal sealed class SqlitePragmas(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    private const string Sql = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        SetBusyTimeout(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SetBusyTimeout(connection);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    // The same as PRAGMA busy_timeout, without building SQL from a number.
    private void SetBusyTimeout(DbConnection connection) =>
        SQLitePCL.raw.sqlite3_busy_timeout(((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle, busyTimeoutSeconds * 1000);
}
