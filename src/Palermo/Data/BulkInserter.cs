using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SQLitePCL;

namespace Palermo.Data;

/// <summary>
/// Inserts many new entities of a mapped type at once, inside the context's current transaction, bypassing the change
/// tracker (which costs far more than the database itself for a large import). Columns, names and value conversions
/// come from the EF Core model, so what lands in the table is exactly what SaveChanges would have written
/// (BulkInserterTests compares the stored rows of both paths on both providers).
/// Each table gets one row writer compiled from the model: the property getters and value converters as typed
/// expressions, so no value is boxed and nothing is looked up per row.
/// SQLite: one prepared INSERT per table on the connection's own handle, typed binds (the values formatted exactly as
/// Microsoft.Data.Sqlite formats parameters), step and reset per row. PostgreSQL: binary COPY with typed writes.
/// Nothing here writes audit entries: the caller audits the batch through <see cref="PalermoDbContext.Audit"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table and column names come from the EF Core model; every value is a bound parameter or a COPY field.")]
public sealed class BulkInserter : IAsyncDisposable
{
    private readonly PalermoDbContext _db;
    private readonly Dictionary<Type, object> _tables = [];
    private readonly Dictionary<Type, sqlite3_stmt> _statements = [];
    private readonly List<string> _deferred = [];
    private readonly List<string> _deferredKeys = [];

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
        var table = TableOf<T>();
        if (_db.IsPostgres) await CopyAsync(rows, table, ct);
        else InsertSqlite(rows, table);
    }

    /// <summary>
    /// For a load at least as large as what the tables already hold: drops the secondary indexes of each table that
    /// holds fewer than <paramref name="rows"/> rows, to build them again from the loaded data in
    /// <see cref="BuildDeferredIndexesAsync"/>, which the caller must call before committing (otherwise
    /// <see cref="DisposeAsync"/> rolls the transaction back). Inserting into a
    /// B-tree with random keys (blind indexes, dates) costs a page search and often a split per row; building the
    /// index afterwards sorts once and writes pages in order — several times cheaper at a million rows, and the
    /// indexes come out compact. Both the drop and the build are inside the caller's transaction: a failed load rolls
    /// back to the old indexes, and a unique index that no longer holds (duplicate rows) fails the whole load.
    /// On PostgreSQL the drop locks the table against readers until commit, so there only a table holding at most one
    /// row for every <see cref="PostgresShare"/> loaded qualifies: a first import or the demo seed into a new
    /// deployment, never a load into tables in use (whose readers would wait for the whole load). SQLite's readers
    /// are not blocked (they read the last committed state), so there any table holding fewer rows than the load
    /// qualifies.
    /// Returns the names of the tables that held fewer rows than the load (whether or not their indexes were deferred).
    /// <paramref name="keysToOtherTables"/>: see <see cref="DeferForeignKeysAsync"/>.
    /// </summary>
    public const int PostgresShare = 100;

    public async Task<IReadOnlyList<string>> DeferIndexesAsync(IReadOnlyList<Type> entities, long rows, bool keysToOtherTables, CancellationToken ct)
    {
        var loaded = entities.Select(type => _db.Model.FindEntityType(type)?.GetTableName() ?? throw new InvalidOperationException($"{type.Name} is not mapped.")).ToList();
        var small = new List<string>();
        foreach (var name in loaded)
        {
            // Counting stops at the load's size: a big table is not scanned to the end.
            var existing = await ScalarAsync($"SELECT count(*) FROM (SELECT 1 FROM {Quote(name)} LIMIT {rows}) AS t", ct);
            if (existing >= rows) continue;
            small.Add(name);
            if (_db.IsPostgres && existing * PostgresShare > rows) continue;
            var indexes = await PairsAsync(_db.IsPostgres
                ? "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                  + "WHERE t.relname = @table AND t.relnamespace = current_schema()::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
                // Indexes that back a PRIMARY KEY or UNIQUE constraint have no SQL of their own and stay.
                : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL",
                ct, ("@table", name));
            foreach (var (index, create) in indexes)
            {
                await ExecuteAsync($"DROP INDEX {Quote(index)}", ct);
                _deferred.Add(create);
            }

            if (_db.IsPostgres) await DeferForeignKeysAsync(name, loaded, keysToOtherTables, ct);
        }

        return small;
    }

    /// <summary>
    /// PostgreSQL checks a foreign key row by row with a trigger (an index probe and a row lock on the parent): for a
    /// case and its rows that is most of the server's work in a load. Foreign keys between the loaded tables (a
    /// person's data key, a case's person, an event's case …) are dropped with the indexes and added back at the end,
    /// which validates each in one pass over the table. Keys to other tables (organisations, service types) stay
    /// checked per row, so an import locks nothing beyond its own tables: dropping a foreign key locks the table it
    /// points to as well (ACCESS EXCLUSIVE, until commit), and every page reads the organisations.
    /// <paramref name="keysToOtherTables"/> (the demo seed only, which fills a new deployment before its server
    /// listens): those keys are deferred too. They are most of the checks — a demo case writes about eleven rows that
    /// point at an organisation or a service type — and made the server's per-row work, not our process, the limit of
    /// a PostgreSQL seed (docs/performance.md, session 15). Their validation at the end is one pass per key as well.
    /// SQLite's foreign keys are part of the table and stay (measured: switching them off saved nothing there).
    /// </summary>
    private async Task DeferForeignKeysAsync(string table, IReadOnlyList<string> loaded, bool keysToOtherTables, CancellationToken ct)
    {
        var keys = await PairsAsync(
            "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid "
            + "WHERE c.contype = 'f' AND t.relname = @table AND t.relnamespace = current_schema()::regnamespace AND (@all OR r.relname = ANY(@loaded))",
            ct, ("@table", table), ("@loaded", loaded.ToArray()), ("@all", keysToOtherTables));
        foreach (var (key, definition) in keys)
        {
            await ExecuteAsync($"ALTER TABLE {Quote(table)} DROP CONSTRAINT {Quote(key)}", ct);
            _deferredKeys.Add($"ALTER TABLE {Quote(table)} ADD CONSTRAINT {Quote(key)} {definition}");
        }
    }

    /// <summary>Builds the indexes <see cref="DeferIndexesAsync"/> dropped, from the rows now in the tables.</summary>
    public async Task BuildDeferredIndexesAsync(CancellationToken ct)
    {
        if (_deferred.Count == 0 && _deferredKeys.Count == 0) return;
        // More sort memory for the index builds (PostgreSQL: this transaction only), several sort threads on SQLite.
        await ExecuteAsync(_db.IsPostgres ? "SET LOCAL maintenance_work_mem = '256MB'" : "PRAGMA threads = 4", ct);
        foreach (var create in _deferred) await ExecuteAsync(create, ct);
        _deferred.Clear();
        // After every index: a key is validated against its parent's primary key, and all of them exist by now.
        foreach (var add in _deferredKeys) await ExecuteAsync(add, ct);
        _deferredKeys.Clear();
        if (!_db.IsPostgres) await ExecuteAsync("PRAGMA threads = 0", ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _statements.Values) s.Dispose();
        _statements.Clear();
        if (_deferred.Count > 0 || _deferredKeys.Count > 0)
        {
            // Indexes (or foreign keys) dropped and not built again: the load failed or was cancelled on the way (or
            // the caller forgot BuildDeferredIndexesAsync). The transaction must never commit without them, so roll it
            // back here — the rollback restores the old ones, and a commit the caller still attempts fails instead.
            _deferred.Clear();
            _deferredKeys.Clear();
            if (_db.Database.CurrentTransaction is { } tx) await tx.RollbackAsync();
        }

        if (!_db.IsPostgres)
        {
            // Back to SQLite's default: the connection returns to the pool.
            await using var cmd = _db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "PRAGMA cache_size = -2000";
            await cmd.ExecuteNonQueryAsync();
        }
    }

    private System.Data.Common.DbCommand Command(string sql)
    {
        var cmd = _db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        return cmd;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Command(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The first two text columns of every row a catalogue query returns (a name and its SQL).</summary>
    private async Task<List<(string Name, string Sql)>> PairsAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(sql);
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        var pairs = new List<(string Name, string Sql)>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pairs.Add((reader.GetString(0), reader.GetString(1)));
        return pairs;
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Command(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Table<T> TableOf<T>()
        where T : class
    {
        if (_tables.TryGetValue(typeof(T), out var known)) return (Table<T>)known;
        var table = Table<T>.Create(_db.Model, _db.IsPostgres, (SqliteConnection?)(_db.IsPostgres ? null : _db.Database.GetDbConnection()));
        _tables[typeof(T)] = table;
        return table;
    }

    private void InsertSqlite<T>(IReadOnlyList<T> rows, Table<T> table)
        where T : class
    {
        var db = ((SqliteConnection)_db.Database.GetDbConnection()).Handle!;
        if (!_statements.TryGetValue(typeof(T), out var statement))
        {
            var values = string.Join(", ", table.Columns.Select((_, i) => "?" + (i + 1)));
            SqliteBind.Check(raw.sqlite3_prepare_v2(db, $"INSERT INTO {Quote(table.Name)} ({table.ColumnList}) VALUES ({values})", out statement), db);
            _statements[typeof(T)] = statement;
        }

        var bind = table.Sqlite!;
        foreach (var row in rows)
        {
            bind(row, statement);
            var rc = raw.sqlite3_step(statement);
            // Reset before throwing, so the statement is usable (and finalisable) after a constraint error.
            raw.sqlite3_reset(statement);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private async Task CopyAsync<T>(IReadOnlyList<T> rows, Table<T> table, CancellationToken ct)
        where T : class
    {
        var connection = (NpgsqlConnection)_db.Database.GetDbConnection();
        var write = table.Copy!;
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {Quote(table.Name)} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", ct);
        // Synchronous field writes: they only fill Npgsql's buffer, which goes out (blocking) when full; the async
        // forms cost a state machine per field, which at a million rows is more than the server's own work.
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            writer.StartRow();
            write(row, writer);
        }

        await writer.CompleteAsync(ct);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A mapped table and its compiled row writer for the open provider.</summary>
    private sealed class Table<T>
        where T : class
    {
        private Table(string name, IReadOnlyList<IProperty> columns, string columnList)
        {
            Name = name;
            Columns = columns;
            ColumnList = columnList;
        }

        public string Name { get; }
        public IReadOnlyList<IProperty> Columns { get; }
        public string ColumnList { get; }
        public Action<T, sqlite3_stmt>? Sqlite { get; private init; }
        public Action<T, NpgsqlBinaryImporter>? Copy { get; private init; }

        public static Table<T> Create(IModel model, bool postgres, SqliteConnection? sqlite)
        {
            var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
            var name = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            var list = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(store)!)));
            var row = Expression.Parameter(typeof(T), "row");
            if (postgres)
            {
                var writer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "writer");
                var body = properties.Select(p => Value(row, p, v => Pg.Write(writer, v), Expression.Call(writer, nameof(NpgsqlBinaryImporter.WriteNull), Type.EmptyTypes)));
                return new Table<T>(name, properties, list)
                {
                    Copy = Expression.Lambda<Action<T, NpgsqlBinaryImporter>>(Expression.Block(body), row, writer).Compile(),
                };
            }

            var statement = Expression.Parameter(typeof(sqlite3_stmt), "statement");
            using var probe = sqlite!.CreateCommand();
            var binds = properties.Select((p, i) =>
            {
                var index = Expression.Constant(i + 1);
                // The parameter EF Core would create for this column says how Microsoft.Data.Sqlite would bind it (e.g. a GUID as TEXT).
                var type = ((SqliteParameter)((RelationalTypeMapping)p.GetRelationalTypeMapping()).CreateParameter(probe, "p", null)).SqliteType;
                return Value(row, p, v => SqliteBind.Bind(statement, index, v, type), Expression.Call(typeof(SqliteBind), nameof(SqliteBind.Null), Type.EmptyTypes, statement, index));
            });
            return new Table<T>(name, properties, list)
            {
                Sqlite = Expression.Lambda<Action<T, sqlite3_stmt>>(Expression.Block(binds), row, statement).Compile(),
            };
        }

        /// <summary>
        /// <c>value == null ? onNull : write(convert(value))</c> for one column: the property read through its CLR
        /// member, the mapping's value converter inlined as an expression; EF Core never hands a null to a converter.
        /// </summary>
        private static Expression Value(ParameterExpression row, IProperty property, Func<Expression, Expression> write, Expression onNull)
        {
            var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo
                ?? throw new NotSupportedException($"Bulk insert cannot read the shadow property {property.Name}.");
            Expression value = Expression.MakeMemberAccess(row, member);
            var converter = ((RelationalTypeMapping)property.GetRelationalTypeMapping()).Converter;
            var nullable = !value.Type.IsValueType || Nullable.GetUnderlyingType(value.Type) is not null;
            var local = Expression.Variable(value.Type, "v");
            Expression present = Nullable.GetUnderlyingType(value.Type) is not null ? Expression.Property(local, "Value") : local;
            if (converter is not null)
            {
                var convert = converter.ConvertToProviderExpression;
                if (present.Type != convert.Parameters[0].Type) present = Expression.Convert(present, convert.Parameters[0].Type);
                present = new Inline(convert.Parameters[0], present).Visit(convert.Body);
            }

            // A converter may itself return null (e.g. a nullable reference type's converter).
            if (!present.Type.IsValueType || Nullable.GetUnderlyingType(present.Type) is not null)
            {
                var converted = Expression.Variable(present.Type, "c");
                Expression unwrapped = Nullable.GetUnderlyingType(present.Type) is not null ? Expression.Property(converted, "Value") : converted;
                var inner = Expression.Block([converted], Expression.Assign(converted, present),
                    Expression.IfThenElse(Expression.Equal(converted, Expression.Constant(null, present.Type)), onNull, write(unwrapped)));
                present = inner;
            }
            else
            {
                present = write(present);
            }

            return Expression.Block([local], Expression.Assign(local, value),
                nullable ? Expression.IfThenElse(Expression.Equal(local, Expression.Constant(null, value.Type)), onNull, present) : present);
        }
    }

    /// <summary>Replaces a lambda's parameter by an expression (inlines a converter).</summary>
    private sealed class Inline(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : base.VisitParameter(node);
    }

    /// <summary>Typed COPY fields. Each CLR type is written as Npgsql writes it by default, as the boxed path did.</summary>
    private static class Pg
    {
        public static Expression Write(ParameterExpression writer, Expression value)
        {
            var t = value.Type;
            if (t.IsEnum) throw new NotSupportedException($"Bulk insert found an enum {t.Name} without a value converter.");
            if (t != typeof(Guid) && t != typeof(string) && t != typeof(byte[]) && t != typeof(int) && t != typeof(long) && t != typeof(short)
                && t != typeof(bool) && t != typeof(DateTime) && t != typeof(DateOnly) && t != typeof(double) && t != typeof(decimal))
            {
                throw new NotSupportedException($"Bulk insert cannot write a {t.Name}.");
            }

            var method = typeof(NpgsqlBinaryImporter).GetMethods()
                .Single(m => m.Name == nameof(NpgsqlBinaryImporter.Write) && m.IsGenericMethodDefinition && m.GetParameters().Length == 1)
                .MakeGenericMethod(t);
            return Expression.Call(writer, method, value);
        }
    }
}
