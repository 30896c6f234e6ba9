namespace Palermo.Data;

/// <summary>
/// A write that gave up waiting for another one: SQLite lets one writer at a time, and a long one (an HTCDS import,
/// the demo seed, a retention run) holds the database for its whole transaction, because it commits all or nothing;
/// PostgreSQL makes a save wait on rows such a transaction has locked. After
/// <see cref="PalermoSettings.BusyTimeoutSeconds"/> the waiting statement fails and its transaction rolls back, so
/// nothing of the save is kept and the same request can simply be made again: the web app answers 503 with
/// Retry-After, the command exits with 75 (EX_TEMPFAIL).
/// </summary>
public static class StoreBusy
{
    /// <summary>Seconds a client is told to wait before trying again.</summary>
    public const int RetryAfterSeconds = 30;

    public static bool Is(Exception? ex) => Cause(ex) is not null;

    /// <summary>The database's own busy error inside <paramref name="ex"/> (EF Core and its retrying strategy wrap it), or null.</summary>
    public static Exception? Cause(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                // SQLITE_BUSY (5): another connection holds the write lock; SQLITE_LOCKED (6): a table lock in a shared cache.
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }:
                // lock_not_available: the session's lock_timeout passed while waiting on a row or table lock.
                case Npgsql.PostgresException { SqlState: "55P03" }:
                    return ex;
            }
        }

        return null;
    }
}
