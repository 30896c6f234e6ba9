using DuckDB.NET.Data;
using Palermo.Statistics;

namespace Palermo.Benchmarks.Statistics;

/// <summary>Loads the records into an in-memory DuckDB table with the same small integer codes the engine
/// uses (countries already mapped to table indexes, which only helps DuckDB).</summary>
internal static class DuckDbLoader
{
    public static DuckDBConnection Load(StatisticsRecord[] records, CountryTable countries)
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE records (person_key BIGINT, indicator TINYINT, year SMALLINT, day_no INTEGER, sex TINYINT,
                    age TINYINT, form TINYINT, cit SMALLINT, det SMALLINT, rec SMALLINT, expl SMALLINT, org TINYINT)
                """;
            create.ExecuteNonQuery();
        }

        short Slot(CountryCode? code) => (short)(countries.IndexOf(code) is var i and >= 0 ? i : countries.Countries.Count);
        using var appender = connection.CreateAppender("records");
        foreach (var r in records)
        {
            appender.CreateRow()
                .AppendValue(r.PersonKey)
                .AppendValue((sbyte)r.Indicator)
                .AppendValue((short)r.Year)
                .AppendValue(r.IdentifiedOn.DayNumber)
                .AppendValue((sbyte)r.Sex)
                .AppendValue((sbyte)r.Age)
                .AppendValue((sbyte)r.Form)
                .AppendValue(Slot(r.Citizenship))
                .AppendValue(Slot(r.CountryOfDetection))
                .AppendValue(Slot(r.RecruitmentCountry))
                .AppendValue(Slot(r.ExploitationCountry))
                .AppendValue((sbyte)r.ReportingOrgKind)
                .EndRow();
        }

        return connection;
    }
}
