using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Palermo.Data;

/// <summary>
/// Typed binds for <see cref="BulkInserter"/>'s prepared SQLite statements. Each value is bound in the same storage
/// class and text form as Microsoft.Data.Sqlite binds a parameter of that type (integers and booleans as INTEGER,
/// GUIDs as upper-case text unless the column is a BLOB, dates as ISO text), so a bulk-written row is byte for byte
/// a SaveChanges row; text is encoded to UTF-8 on the stack instead of through a temporary array.
/// </summary>
internal static class SqliteBind
{
    private const int StackLimit = 512;

    /// <summary>The call that binds <paramref name="value"/> (of a non-nullable provider type) at <paramref name="index"/>.</summary>
    public static Expression Bind(ParameterExpression statement, Expression index, Expression value, SqliteType type)
    {
        var t = value.Type;
        (string Method, Expression Argument) call =
            t == typeof(string) ? (nameof(Text), value)
            : t == typeof(byte[]) ? (nameof(Blob), value)
            : t == typeof(Guid) ? (type == SqliteType.Blob ? nameof(GuidBlob) : nameof(GuidText), value)
            : t == typeof(bool) ? (nameof(Int64), Expression.Condition(value, Expression.Constant(1L), Expression.Constant(0L)))
            : t == typeof(long) ? (nameof(Int64), value)
            : t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(sbyte) || t == typeof(ushort) || t == typeof(uint)
                ? (nameof(Int64), Expression.Convert(value, typeof(long)))
            : t == typeof(double) ? (nameof(Double), value)
            : t == typeof(float) ? (nameof(Double), Expression.Convert(value, typeof(double)))
            : t == typeof(DateTime) && type != SqliteType.Real ? (nameof(DateTimeText), value)
            : t == typeof(DateOnly) && type != SqliteType.Real ? (nameof(DateOnlyText), value)
            : t == typeof(decimal) ? (nameof(DecimalText), value)
            : throw new NotSupportedException($"Bulk insert cannot bind a {t.Name} ({type}) on SQLite.");
        return Expression.Call(typeof(SqliteBind), call.Method, Type.EmptyTypes, statement, index, call.Argument);
    }

    public static void Null(sqlite3_stmt statement, int index) => Check(raw.sqlite3_bind_null(statement, index), statement);

    public static void Int64(sqlite3_stmt statement, int index, long value) => Check(raw.sqlite3_bind_int64(statement, index, value), statement);

    public static void Double(sqlite3_stmt statement, int index, double value) => Check(raw.sqlite3_bind_double(statement, index, value), statement);

    public static void Blob(sqlite3_stmt statement, int index, byte[] value) => Check(raw.sqlite3_bind_blob(statement, index, value), statement);

    public static void Text(sqlite3_stmt statement, int index, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> utf8 = max <= StackLimit ? stackalloc byte[StackLimit] : new byte[max];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        Check(raw.sqlite3_bind_text(statement, index, utf8[..length]), statement);
    }

    /// <summary>
    /// Microsoft.Data.Sqlite: <c>guid.ToString().ToUpperInvariant()</c>. Written digit by digit from the big-endian
    /// bytes (the order of the text form): a bulk load binds some thirty identifiers per case, and formatting each
    /// through <see cref="Guid.TryFormat(Span{byte}, out int, ReadOnlySpan{char})"/> then upper-casing it cost the
    /// single writer thread about a tenth of its time.
    /// </summary>
    public static void GuidText(sqlite3_stmt statement, int index, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        Span<byte> utf8 = stackalloc byte[36];
        var hex = "0123456789ABCDEF"u8;
        var o = 0;
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10) utf8[o++] = (byte)'-';
            utf8[o++] = hex[bytes[i] >> 4];
            utf8[o++] = hex[bytes[i] & 0xF];
        }

        Check(raw.sqlite3_bind_text(statement, index, utf8), statement);
    }

    public static void GuidBlob(sqlite3_stmt statement, int index, Guid value) => Blob(statement, index, value.ToByteArray());

    /// <summary>
    /// Microsoft.Data.Sqlite: <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, invariant culture — the fraction without trailing
    /// zeros, and without the point when it is zero. Written digit by digit: a custom format string is parsed again
    /// on every call.
    /// </summary>
    public static void DateTimeText(sqlite3_stmt statement, int index, DateTime value)
    {
        Span<byte> utf8 = stackalloc byte[27];
        Digits(utf8[..4], value.Year);
        utf8[4] = (byte)'-';
        Digits(utf8.Slice(5, 2), value.Month);
        utf8[7] = (byte)'-';
        Digits(utf8.Slice(8, 2), value.Day);
        utf8[10] = (byte)' ';
        Digits(utf8.Slice(11, 2), value.Hour);
        utf8[13] = (byte)':';
        Digits(utf8.Slice(14, 2), value.Minute);
        utf8[16] = (byte)':';
        Digits(utf8.Slice(17, 2), value.Second);
        var length = 19;
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            utf8[19] = (byte)'.';
            Digits(utf8.Slice(20, 7), fraction);
            length = 27;
            while (utf8[length - 1] == (byte)'0') length--;
        }

        Check(raw.sqlite3_bind_text(statement, index, utf8[..length]), statement);
    }

    /// <summary>Writes <paramref name="value"/> in decimal, zero-padded to the span's length.</summary>
    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>Microsoft.Data.Sqlite: <c>yyyy-MM-dd</c>, invariant culture.</summary>
    public static void DateOnlyText(sqlite3_stmt statement, int index, DateOnly value)
    {
        Span<byte> utf8 = stackalloc byte[32];
        value.TryFormat(utf8, out var length, @"yyyy\-MM\-dd", CultureInfo.InvariantCulture);
        Check(raw.sqlite3_bind_text(statement, index, utf8[..length]), statement);
    }

    /// <summary>Microsoft.Data.Sqlite: <c>0.0###########################</c>, invariant culture.</summary>
    public static void DecimalText(sqlite3_stmt statement, int index, decimal value) =>
        Text(statement, index, value.ToString("0.0###########################", CultureInfo.InvariantCulture));

    public static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(rc, db);
    }

    private static void Check(int rc, sqlite3_stmt statement)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, raw.sqlite3_db_handle(statement));
    }
}
