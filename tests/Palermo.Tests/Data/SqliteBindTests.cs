using Microsoft.Data.Sqlite;
using Palermo.Data;
using SQLitePCL;

namespace Palermo.Tests.Data;

/// <summary>
/// The bulk path's hand-written SQLite text forms are exactly Microsoft.Data.Sqlite's: a GUID or timestamp stored in
/// another form would not be found by EF Core's queries (which compare text), so a bulk-loaded case would vanish
/// from lookups and lists.
/// </summary>
public sealed class SqliteBindTests
{
    public static TheoryData<DateTime> Timestamps() =>
    [
        new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 3, 1, 9, 5, 7, DateTimeKind.Utc).AddTicks(1_234_567),
        new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1_000_000),
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1),
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_200_000),
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(9_999_999),
        new DateTime(999, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(50),
        DateTime.MinValue,
        DateTime.MaxValue,
    ];

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void TimestampText_IsMicrosoftDataSqlites(DateTime value) =>
        Assert.Equal(AsParameter(value), AsBound((s, i) => SqliteBind.DateTimeText(s, i, value)));

    [Fact]
    public void GuidText_IsMicrosoftDataSqlites()
    {
        var random = new Random(2026);
        Span<byte> bytes = stackalloc byte[16];
        for (var n = 0; n < 200; n++)
        {
            random.NextBytes(bytes);
            var value = new Guid(bytes);
            Assert.Equal(AsParameter(value), AsBound((s, i) => SqliteBind.GuidText(s, i, value)));
        }

        Assert.Equal(AsParameter(Guid.Empty), AsBound((s, i) => SqliteBind.GuidText(s, i, Guid.Empty)));
        Assert.Equal(AsParameter(Guid.AllBitsSet), AsBound((s, i) => SqliteBind.GuidText(s, i, Guid.AllBitsSet)));
    }

    private static string AsParameter(object value)
    {
        using var connection = Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT @p";
        cmd.Parameters.AddWithValue("@p", value);
        return (string)cmd.ExecuteScalar()!;
    }

    private static string AsBound(Action<sqlite3_stmt, int> bind)
    {
        using var connection = Open();
        var db = connection.Handle!;
        SqliteBind.Check(raw.sqlite3_prepare_v2(db, "SELECT ?1", out var statement), db);
        using (statement)
        {
            bind(statement, 1);
            Assert.Equal(raw.SQLITE_ROW, raw.sqlite3_step(statement));
            return raw.sqlite3_column_text(statement, 0).utf8_to_string();
        }
    }

    private static SqliteConnection Open()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }
}
