using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Palermo.Cases;
using Palermo.Data;
using SQLitePCL;

namespace Palermo.Statistics;

/// <summary>
/// Reads the statistics module's de-identified records from the <see cref="CaseStatistics"/> projection: one per
/// case of a person whose trafficking status is possible or actual victim, dated by the identification. The
/// projection holds only coded columns (never a sealed field), so erased persons are still counted; the engine
/// de-duplicates persons per year by <see cref="StatisticsRecord.PersonKey"/>.
/// </summary>
public sealed class LoadStatisticsRecords(PalermoDbContext db)
{
    private const string Columns = "\"PersonKey\", \"Day\", \"Codes\", \"Places\"";

    /// <summary>Loads the records of victims identified from <paramref name="fromYear"/> to <paramref name="toYear"/>
    /// (inclusive; null = unbounded). One sequential scan of four integer columns through a plain ADO.NET reader
    /// (binary COPY on PostgreSQL) straight into the record array: no entity is materialised.</summary>
    public async Task<StatisticsRecord[]> HandleAsync(int? fromYear = null, int? toYear = null, CancellationToken ct = default)
    {
        var firstDay = fromYear is { } f ? new DateOnly(Math.Clamp(f, 1, 9999), 1, 1).DayNumber : int.MinValue;
        var lastDay = toYear is { } t ? new DateOnly(Math.Clamp(t, 1, 9999), 12, 31).DayNumber : int.MaxValue;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var buffer = new RecordBuffer();
            if (db.Database.GetDbConnection() is NpgsqlConnection pg)
            {
                await ReadPostgresAsync(pg, buffer, firstDay, lastDay, ct);
            }
            else
            {
                ReadSqlite((SqliteConnection)db.Database.GetDbConnection(), buffer, firstDay, lastDay);
            }

            return buffer.ToArray();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Runs once per report over a million rows: compiled fully optimised at once rather than through the tiers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadSqlite(SqliteConnection connection, RecordBuffer buffer, int firstDay, int lastDay)
    {
        // The statement runs on SQLite's own API (the handle under Microsoft.Data.Sqlite, so inside any open
        // transaction): four column reads per row and nothing else, about three times fewer calls than a
        // DbDataReader. The largest rowid bounds the row count and costs one B-tree descent, unlike COUNT(*).
        var db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        buffer.Reserve(Scalar(db, "SELECT max(rowid) FROM \"CaseStatistics\""));
        Check(raw.sqlite3_prepare_v2(db, $"SELECT {Columns} FROM \"CaseStatistics\" WHERE \"Counted\" AND \"Day\" BETWEEN ?1 AND ?2", out var statement), db);
        using (statement)
        {
            Check(raw.sqlite3_bind_int(statement, 1, firstDay), db);
            Check(raw.sqlite3_bind_int(statement, 2, lastDay), db);
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                buffer.Add(StatisticsRecordPacking.Unpack(
                    raw.sqlite3_column_int64(statement, 0), raw.sqlite3_column_int(statement, 1),
                    raw.sqlite3_column_int64(statement, 2), raw.sqlite3_column_int64(statement, 3)));
            }

            if (rc != raw.SQLITE_DONE) Check(rc, db);
        }
    }

    private static long Scalar(sqlite3 db, string sql)
    {
        Check(raw.sqlite3_prepare_v2(db, sql, out var statement), db);
        using (statement)
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_ROW) Check(rc, db);
            return raw.sqlite3_column_int64(statement, 0);
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(rc, db);
    }

    private static async Task ReadPostgresAsync(NpgsqlConnection connection, RecordBuffer buffer, int firstDay, int lastDay, CancellationToken ct)
    {
        await using (var size = new NpgsqlCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = '\"CaseStatistics\"'::regclass", connection))
        {
            // The planner's estimate sizes the array. A table never analysed (just filled) has none; counting then
            // costs far less than growing a million-record array by doubling (which also doubles the peak memory).
            var estimate = await size.ExecuteScalarAsync(ct) is long n ? n : 0;
            if (estimate == 0)
            {
                await using var count = new NpgsqlCommand("SELECT count(*) FROM \"CaseStatistics\"", connection);
                estimate = await count.ExecuteScalarAsync(ct) is long c ? c : 0;
            }

            buffer.Reserve(estimate);
        }

        // COPY takes no parameters; the year range is applied while reading, on an integer already at hand. The
        // binary COPY stream is parsed here rather than through NpgsqlBinaryExporter: its per-value Read<T> calls
        // cost several times the scan itself, and every row of this query has the same four fixed-width columns.
        await using var copy = await connection.BeginRawBinaryCopyAsync($"COPY (SELECT {Columns} FROM \"CaseStatistics\" WHERE \"Counted\") TO STDOUT (FORMAT BINARY)", ct);
        var chunk = new byte[1 << 16];
        int start = 0, end = 0;
        var headerRead = false;
        var finished = false;
        int read;
        while ((read = await copy.ReadAsync(chunk.AsMemory(end), ct)) > 0)
        {
            end += read;
            if (!headerRead)
            {
                // "PGCOPY\n\xff\r\n\0", 32-bit flags, 32-bit length of a header extension to skip.
                if (end < 19) continue;
                var headerLength = 19 + BinaryPrimitives.ReadInt32BigEndian(chunk.AsSpan(15));
                if (end < headerLength) continue;
                start = headerLength;
                headerRead = true;
            }

            if (!finished) start = ParseCopyRows(chunk.AsSpan(0, end), start, buffer, firstDay, lastDay, out finished);
            // Keep the part of a row that straddles the chunk boundary for the next read.
            chunk.AsSpan(start, end - start).CopyTo(chunk);
            end -= start;
            start = 0;
        }

        if (!finished) throw new InvalidDataException("The statistics COPY stream ended without its trailer.");
    }

    /// <summary>Size of one row in binary COPY: a 16-bit field count, then a 32-bit length before each value.</summary>
    private const int CopyRowBytes = 2 + (4 + 8) + (4 + 4) + (4 + 8) + (4 + 8);

    // Runs once per report over a million rows: compiled fully optimised at once rather than through the tiers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ParseCopyRows(ReadOnlySpan<byte> data, int start, RecordBuffer buffer, int firstDay, int lastDay, out bool finished)
    {
        finished = false;
        while (data.Length - start >= 2)
        {
            var fields = BinaryPrimitives.ReadInt16BigEndian(data[start..]);
            if (fields == -1)
            {
                finished = true;
                return data.Length;
            }

            if (data.Length - start < CopyRowBytes) break;
            var row = data.Slice(start, CopyRowBytes);
            if (fields != 4 || BinaryPrimitives.ReadInt32BigEndian(row[2..]) != 8 || BinaryPrimitives.ReadInt32BigEndian(row[14..]) != 4
                || BinaryPrimitives.ReadInt32BigEndian(row[22..]) != 8 || BinaryPrimitives.ReadInt32BigEndian(row[34..]) != 8)
            {
                throw new InvalidDataException("Unexpected row layout in the statistics COPY stream.");
            }

            var day = BinaryPrimitives.ReadInt32BigEndian(row[18..]);
            if (day >= firstDay && day <= lastDay)
            {
                buffer.Add(StatisticsRecordPacking.Unpack(BinaryPrimitives.ReadInt64BigEndian(row[6..]), day,
                    BinaryPrimitives.ReadInt64BigEndian(row[26..]), BinaryPrimitives.ReadInt64BigEndian(row[38..])));
            }

            start += CopyRowBytes;
        }

        return start;
    }

    /// <summary>A stable pseudonymous key: the two halves of the person id folded together. It is not the id
    /// shown anywhere, and cross-agency linkage may later replace it with a cluster key.</summary>
    public static long PersonKey(Guid personId)
    {
        Span<byte> bytes = stackalloc byte[16];
        personId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }

    /// <summary>A growable array sized up front from the table's size, so a million records are copied at most once.</summary>
    private sealed class RecordBuffer
    {
        private StatisticsRecord[] _items = [];
        private int _count;

        public void Reserve(long capacity) => _items = new StatisticsRecord[(int)Math.Clamp(capacity, 16, Array.MaxLength)];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(in StatisticsRecord record)
        {
            if (_count == _items.Length) Array.Resize(ref _items, Math.Max(16, _items.Length * 2));
            _items[_count++] = record;
        }

        public StatisticsRecord[] ToArray()
        {
            if (_count == _items.Length) return _items;
            var result = _items.AsSpan(0, _count).ToArray();
            _items = [];
            return result;
        }
    }
}

/// <summary>The columns of one counted case; no sealed field among them.</summary>
internal sealed record CaseRow(
    Guid CaseId, Guid PersonId, Guid OrganisationId, DateOnly IdentifiedOn, int? Age, ExploitationType Exploitation,
    MethodOfControl Methods, LabourIndustry? Industry, SexExploitationType SexTypes, string CountryOfDetection,
    RelationshipToTrafficker? Relationship = null);
