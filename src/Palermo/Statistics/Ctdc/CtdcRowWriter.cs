namespace Palermo.Statistics.Ctdc;

/// <summary>Writes CTDC rows: quasi-identifiers from the (generalised) key, the other fields from the record.
/// Binary fields are <c>1</c> or empty, never <c>0</c>, as the codebook requires.</summary>
internal static class CtdcRowWriter
{
    private static readonly Sex[] GenderOfCode = [Sex.Unknown, Sex.Female, Sex.Male, Sex.Other];

    public static int Write(ReadOnlySpan<StatisticsRecord> records, int[] order, long[] keys, bool[] keep,
        CountryTable countries, TextWriter writer, bool unsuppressed)
    {
        writer.NewLine = "\n";
        if (unsuppressed)
        {
            writer.WriteLine("# " + Disclosure.Publication.UnsuppressedNotice);
        }

        writer.WriteLine(string.Join(',', CtdcFields.Header));
        var alpha3 = countries.Countries.Select(c => c.Alpha3).Prepend("").ToArray();
        var years = new Dictionary<int, string>();
        var written = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            var key = keys[i];
            ref readonly var r = ref records[order[i]];
            var year = KAnonymizer.Field(key, KAnonymizer.YearShift, 0xFFFF);
            if (!years.TryGetValue(year, out var yearText))
            {
                yearText = CtdcExporter.Year(year);
                years[year] = yearText;
            }

            writer.Write(yearText);
            Field(writer, CtdcFields.Gender(GenderOfCode[KAnonymizer.Field(key, KAnonymizer.GenderShift, 3)]));
            Field(writer, CtdcFields.AgeBands[KAnonymizer.Field(key, KAnonymizer.AgeShift, 15)]);
            Field(writer, alpha3[KAnonymizer.Field(key, KAnonymizer.CitizenshipShift, 1023)]);
            Field(writer, alpha3[KAnonymizer.Field(key, KAnonymizer.CountryShift, 1023)]);
            Field(writer, CtdcFields.Months(r.Ctdc.Duration));
            Flags(writer, (int)r.Ctdc.Means, 8);
            Flags(writer, (int)r.Ctdc.Exploitation, 3);
            Flags(writer, (int)r.Ctdc.Labour, 4);
            Flags(writer, (int)r.Ctdc.SexTypes, 2);
            Flags(writer, (int)r.Ctdc.Recruiter, 4);
            writer.Write('\n');
            written++;
        }

        return written;
    }

    private static void Field(TextWriter writer, string value)
    {
        writer.Write(',');
        writer.Write(value);
    }

    private static void Flags(TextWriter writer, int flags, int count)
    {
        for (var bit = 0; bit < count; bit++)
        {
            writer.Write((flags & (1 << bit)) != 0 ? ",1" : ",");
        }
    }
}
