using System.Buffers.Binary;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Palermo.Cases;
using Palermo.Data;

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
                await ReadSqliteAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), buffer, firstDay, lastDay, ct);
            }

            return buffer.ToArray();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ReadSqliteAsync(DbConnection connection, DbTransaction? transaction, RecordBuffer buffer, int firstDay, int lastDay, CancellationToken ct)
    {
        await using (var size = connection.CreateCommand())
        {
            // The largest rowid bounds the row count and costs one B-tree descent, unlike COUNT(*).
            size.Transaction = transaction;
            size.CommandText = "SELECT max(rowid) FROM \"CaseStatistics\"";
            buffer.Reserve(await size.ExecuteScalarAsync(ct) is long n ? n : 0);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM \"CaseStatistics\" WHERE \"Counted\" AND \"Day\" BETWEEN $first AND $last";
        var first = command.CreateParameter();
        first.ParameterName = "$first";
        first.Value = firstDay;
        command.Parameters.Add(first);
        var last = command.CreateParameter();
        last.ParameterName = "$last";
        last.Value = lastDay;
        command.Parameters.Add(last);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            buffer.Add(StatisticsRecordPacking.Unpack(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
    }

    private static async Task ReadPostgresAsync(NpgsqlConnection connection, RecordBuffer buffer, int firstDay, int lastDay, CancellationToken ct)
    {
        await using (var size = new NpgsqlCommand("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = '\"CaseStatistics\"'::regclass", connection))
        {
            // The planner's estimate sizes the array; it grows if the table has more rows since the last ANALYZE.
            buffer.Reserve(await size.ExecuteScalarAsync(ct) is long n ? n : 0);
        }

        // COPY takes no parameters; the year range is applied while reading, on an integer already at hand.
        await using var export = await connection.BeginBinaryExportAsync($"COPY (SELECT {Columns} FROM \"CaseStatistics\" WHERE \"Counted\") TO STDOUT (FORMAT BINARY)", ct);
        while (await export.StartRowAsync(ct) != -1)
        {
            var key = await export.ReadAsync<long>(ct);
            var day = await export.ReadAsync<int>(ct);
            var codes = await export.ReadAsync<long>(ct);
            var places = await export.ReadAsync<long>(ct);
            if (day >= firstDay && day <= lastDay) buffer.Add(StatisticsRecordPacking.Unpack(key, day, codes, places));
        }
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
    MethodOfControl Methods, LabourIndustry? Industry, SexExploitationType SexTypes, string CountryOfDetection);
