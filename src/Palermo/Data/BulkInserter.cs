using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Palermo.Data;

/// <summary>
/// Inserts many new entities of a mapped type at once, inside the context's current transaction, bypassing the change
/// tracker (which costs far more than the database itself for a large import). Columns, names and value conversions
/// come from the EF Core model, so what lands in the table is exactly what SaveChanges would have written.
/// SQLite: one prepared, parameterised INSERT per table, reused for every row. PostgreSQL: binary COPY.
/// Nothing here writes audit entries: the caller audits the batch through <see cref="PalermoDbContext.Audit"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table and column names come from the EF Core model; every value is a parameter or a COPY field.")]
public sealed class BulkInserter : IAsyncDisposable
{
    private readonly PalermoDbContext _db;
    private readonly Dictionary<Type, SqliteTable> _sqlite = [];

    private BulkInserter(PalermoDbContext db) => _db = db;

    /// <summary>The caller's transaction must already be open: the rows commit (or roll back) with it.</summary>
    public static async Task<BulkInserter> OpenAsync(PalermoDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A bulk insert needs the caller's transaction.");
        await db.Database.OpenConnectionAsync(ct);
        if (!db.IsPostgres)
        {
            // SQLite's default page cache is 2 MB: random keys (blind indexes) then touch an uncached B-tree page per
            // row, and the one big transaction spills and rewrites those pages in the WAL again and again.
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction.GetDbTransaction();
            cmd.CommandText = "PRAGMA cache_size = -262144";
            await cmd.ExecuteNonQueryAsync(ct);
        }

        return new BulkInserter(db);
    }

    public async Task InsertAsync<T>(IReadOnlyList<T> rows, CancellationToken ct)
        where T : class
    {
        if (rows.Count == 0) return;
        var columns = Columns<T>();
        if (_db.IsPostgres) await CopyAsync(rows, columns, ct);
        else InsertSqlite(rows, columns);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var t in _sqlite.Values) t.Command.Dispose();
        _sqlite.Clear();
        if (!_db.IsPostgres)
        {
            // Back to SQLite's default: the connection returns to the pool.
            await using var cmd = _db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "PRAGMA cache_size = -2000";
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private (string Table, List<Column> Columns) Columns<T>()
    {
        var entity = _db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => new Column(p.GetColumnName(table)!, p, p.GetGetter(), (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        return (entity.GetTableName()!, columns);
    }

    private void InsertSqlite<T>(IReadOnlyList<T> rows, (string Table, List<Column> Columns) t)
        where T : class
    {
        if (!_sqlite.TryGetValue(typeof(T), out var prepared))
        {
            var cmd = (SqliteCommand)_db.Database.GetDbConnection().CreateCommand();
            cmd.Transaction = (SqliteTransaction)_db.Database.CurrentTransaction!.GetDbTransaction();
            var names = string.Join(", ", t.Columns.Select(c => Quote(c.Name)));
            var values = string.Join(", ", t.Columns.Select((_, i) => "@p" + i));
            cmd.CommandText = $"INSERT INTO {Quote(t.Table)} ({names}) VALUES ({values})";
            var first = rows[0];
            for (var i = 0; i < t.Columns.Count; i++)
            {
                // The type mapping configures each parameter as SaveChanges would (e.g. GUIDs as TEXT).
                cmd.Parameters.Add(t.Columns[i].Mapping.CreateParameter(cmd, "@p" + i, t.Columns[i].Getter.GetClrValue(first)));
            }

            cmd.Prepare();
            prepared = new SqliteTable(cmd);
            _sqlite[typeof(T)] = prepared;
        }

        var parameters = prepared.Command.Parameters;
        foreach (var row in rows)
        {
            for (var i = 0; i < t.Columns.Count; i++)
            {
                parameters[i].Value = t.Columns[i].ToProvider(row) ?? DBNull.Value;
            }

            prepared.Command.ExecuteNonQuery();
        }
    }

    private async Task CopyAsync<T>(IReadOnlyList<T> rows, (string Table, List<Column> Columns) t, CancellationToken ct)
        where T : class
    {
        var connection = (NpgsqlConnection)_db.Database.GetDbConnection();
        var sql = $"COPY {Quote(t.Table)} ({string.Join(", ", t.Columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        await using var writer = await connection.BeginBinaryImportAsync(sql, ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var c in t.Columns)
            {
                await WriteAsync(writer, c.ToProvider(row), ct);
            }
        }

        await writer.CompleteAsync(ct);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter w, object? v, CancellationToken ct) => v switch
    {
        null => w.WriteNullAsync(ct),
        Guid g => w.WriteAsync(g, ct),
        string s => w.WriteAsync(s, ct),
        byte[] b => w.WriteAsync(b, ct),
        int i => w.WriteAsync(i, ct),
        long l => w.WriteAsync(l, ct),
        short s => w.WriteAsync(s, ct),
        bool b => w.WriteAsync(b, ct),
        DateTime d => w.WriteAsync(d, ct),
        DateOnly d => w.WriteAsync(d, ct),
        double d => w.WriteAsync(d, ct),
        decimal d => w.WriteAsync(d, ct),
        _ => throw new NotSupportedException($"Bulk insert cannot write a {v.GetType().Name}."),
    };

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record SqliteTable(DbCommand Command);

    private sealed record Column(string Name, IProperty Property, IClrPropertyGetter Getter, RelationalTypeMapping Mapping)
    {
        public object? ToProvider(object entity)
        {
            var v = Getter.GetClrValue(entity);
            return v is null || Mapping.Converter is not { } c ? v : c.ConvertToProvider(v);
        }
    }
}
