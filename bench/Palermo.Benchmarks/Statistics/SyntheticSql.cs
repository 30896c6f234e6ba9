using System.Globalization;

namespace Palermo.Benchmarks.Statistics;

/// <summary>Set-based inserts of synthetic persons, cases and events (no personal data: empty sealed fields).
/// Case i belongs to person i, except every 20th case (i % 20 == 1), which is a second case of person i − 2;
/// every 20th case (i % 20 == 0) is "not a victim".</summary>
internal static class SyntheticSql
{
    private const string Countries = "ITAITAITAITAITAITAROUNGAALBUKRCHNBRAESPFRAMARIND";

    public static IEnumerable<string> Sqlite(int n)
    {
        var last = (n - 1).ToString(CultureInfo.InvariantCulture);
        const string Seq = "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {0}) ";
        string Guid(string kind, string i) => $"printf('%08X-0000-7000-{kind}-%012X', {i}, {i})";
        var citizenship = $"substr('{Countries}', 1 + 3 * ((i * 7) % 16), 3)";
        yield return string.Format(CultureInfo.InvariantCulture, Seq, last) +
            "INSERT INTO Person (Id, OrganisationId, DataKeyId, GivenName, NameIndex, Gender, Citizenships, CreatedAt, LegalHold, Version) " +
            $"SELECT {Guid("8000", "i")}, (SELECT OrganisationId FROM Person LIMIT 1), (SELECT DataKeyId FROM Person LIMIT 1), X'00', '', 1 + (i * 13 % 100 >= 61), {citizenship}, '2026-01-01 00:00:00', 0, 0 FROM s";
        yield return "CREATE TEMP TABLE o AS SELECT Id, row_number() OVER (ORDER BY Id) - 1 AS k FROM Organisation";
        yield return string.Format(CultureInfo.InvariantCulture, Seq, last) +
            "INSERT INTO \"Case\" (Id, Reference, OrganisationId, PersonId, TraffickingStatus, Exploitation, MethodsOfControl, SexExploitation, CountryOfDetection, IdentificationDate, AgeAtIdentification, ChildAtExploitation, Risk, Status, CreatedAt, UpdatedAt, Version) " +
            $"SELECT {Guid("8100", "i")}, 'BENCH-' || i, (SELECT Id FROM o WHERE k = i % (SELECT count(*) FROM o)), {Guid("8000", "CASE WHEN i % 20 = 1 AND i > 20 THEN i - 2 ELSE i END")}, " +
            "CASE WHEN i % 20 = 0 THEN 3 ELSE 1 + (i % 3 = 0) END, CASE WHEN i * 31 % 100 < 38 THEN 2 WHEN i * 31 % 100 < 80 THEN 1 WHEN i % 2 = 0 THEN 2048 ELSE 128 END, " +
            "i % 32768, 0, 'ITA', date('2020-01-01', '+' || (i % 1825) || ' days'), 9 + (i * 17 % 50), 0, 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0 FROM s";
        yield return string.Format(CultureInfo.InvariantCulture, Seq, last) +
            $"INSERT INTO CaseEvent (Id, CaseId, Type, Country, Date) SELECT {Guid("9000", "i")}, {Guid("8100", "i")}, 1, {citizenship}, NULL FROM s";
        yield return string.Format(CultureInfo.InvariantCulture, Seq, last) +
            $"INSERT INTO CaseEvent (Id, CaseId, Type, Country, Date) SELECT {Guid("9100", "i")}, {Guid("8100", "i")}, 3, 'ITA', NULL FROM s";
        yield return "ANALYZE";
    }

    public static IEnumerable<string> Postgres(int n)
    {
        var last = (n - 1).ToString(CultureInfo.InvariantCulture);
        string Guid(string kind, string i) => $"(lpad(to_hex({i}), 8, '0') || '-0000-7000-{kind}-' || lpad(to_hex({i}), 12, '0'))::uuid";
        var citizenship = $"substr('{Countries}', 1 + 3 * ((i * 7) % 16)::int, 3)";
        var series = $"FROM generate_series(0, {last}) AS i";
        yield return "INSERT INTO \"Person\" (\"Id\", \"OrganisationId\", \"DataKeyId\", \"GivenName\", \"NameIndex\", \"Gender\", \"Citizenships\", \"CreatedAt\", \"LegalHold\", \"Version\") " +
            $"SELECT {Guid("8000", "i")}, (SELECT \"OrganisationId\" FROM \"Person\" LIMIT 1), (SELECT \"DataKeyId\" FROM \"Person\" LIMIT 1), '\\x00'::bytea, '', CASE WHEN i * 13 % 100 >= 61 THEN 2 ELSE 1 END, {citizenship}, now(), false, 0 {series}";
        yield return "CREATE TEMP TABLE o AS SELECT \"Id\", row_number() OVER (ORDER BY \"Id\") - 1 AS k FROM \"Organisation\"";
        yield return "INSERT INTO \"Case\" (\"Id\", \"Reference\", \"OrganisationId\", \"PersonId\", \"TraffickingStatus\", \"Exploitation\", \"MethodsOfControl\", \"SexExploitation\", \"CountryOfDetection\", \"IdentificationDate\", \"AgeAtIdentification\", \"ChildAtExploitation\", \"Risk\", \"Status\", \"CreatedAt\", \"UpdatedAt\", \"Version\") " +
            $"SELECT {Guid("8100", "i")}, 'BENCH-' || i, (SELECT \"Id\" FROM o WHERE k = i % (SELECT count(*) FROM o)), {Guid("8000", "CASE WHEN i % 20 = 1 AND i > 20 THEN i - 2 ELSE i END")}, " +
            "CASE WHEN i % 20 = 0 THEN 3 WHEN i % 3 = 0 THEN 2 ELSE 1 END, CASE WHEN i * 31 % 100 < 38 THEN 2 WHEN i * 31 % 100 < 80 THEN 1 WHEN i % 2 = 0 THEN 2048 ELSE 128 END, " +
            $"i % 32768, 0, 'ITA', DATE '2020-01-01' + (i % 1825)::int, 9 + (i * 17 % 50), false, 0, 1, now(), now(), 0 {series}";
        yield return $"INSERT INTO \"CaseEvent\" (\"Id\", \"CaseId\", \"Type\", \"Country\", \"Date\") SELECT {Guid("9000", "i")}, {Guid("8100", "i")}, 1, {citizenship}, NULL {series}";
        yield return $"INSERT INTO \"CaseEvent\" (\"Id\", \"CaseId\", \"Type\", \"Country\", \"Date\") SELECT {Guid("9100", "i")}, {Guid("8100", "i")}, 3, 'ITA', NULL {series}";
        yield return "ANALYZE";
    }
}
