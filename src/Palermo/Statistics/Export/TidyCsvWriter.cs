using Palermo.Statistics.Disclosure;

namespace Palermo.Statistics.Export;

/// <summary>Tidy CSV: one observation per row, every table of the publication in one file. Values are the true
/// count, <c>&lt;5</c> (primary suppression) or <c>x</c> (secondary suppression).</summary>
public static class TidyCsvWriter
{
    public const string Header = "indicator,year,country,sex,age,exploitation,citizenship,flow,value";

    public static void Write(Publication publication, TextWriter writer)
    {
        writer.NewLine = "\n";
        if (publication.IsUnsuppressed)
        {
            writer.WriteLine("# " + Publication.UnsuppressedNotice);
        }

        writer.WriteLine(Header);
        foreach (var o in publication.Observations())
        {
            var k = o.Key;
            writer.Write(k.Indicator.Code());
            writer.Write(',');
            writer.Write(k.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var field in (ReadOnlySpan<string>)[k.Country, k.Sex, k.Age, k.Exploitation, k.Citizenship, k.Flow, publication.Format(o)])
            {
                writer.Write(',');
                writer.Write(CsvLine.Escape(field));
            }

            writer.WriteLine();
        }
    }

    public static void WriteFile(Publication publication, string path) =>
        AtomicFile.WriteText(path, w => Write(publication, w));
}
