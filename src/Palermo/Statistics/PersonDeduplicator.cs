namespace Palermo.Statistics;

/// <summary>Chooses, for every (person, indicator, year), the one record that represents the person: the
/// earliest identification in that year; on the same day the record given first. An open-addressing hash
/// table over flat arrays avoids a million small allocations (a Dictionary of tuples is ~4× slower here).</summary>
internal static class PersonDeduplicator
{
    /// <summary>Returns a flag per record: true for the records to count.</summary>
    public static bool[] SelectRepresentatives(ReadOnlySpan<StatisticsRecord> records, ReadOnlySpan<bool> eligible, out int duplicates)
    {
        var eligibleCount = 0;
        foreach (var e in eligible)
        {
            eligibleCount += e ? 1 : 0;
        }

        var capacity = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, eligibleCount) * 2));
        var mask = capacity - 1;
        var keys = new long[capacity];
        var tags = new int[capacity];
        var days = new int[capacity];
        var slots = new int[capacity]; // record index + 1; 0 = empty
        duplicates = 0;
        for (var i = 0; i < records.Length; i++)
        {
            if (!eligible[i])
            {
                continue;
            }

            ref readonly var r = ref records[i];
            var day = r.IdentifiedOn.DayNumber;
            var tag = (r.IdentifiedOn.Year << 2) | (int)r.Indicator;
            var h = Mix(r.PersonKey, tag) & mask;
            while (true)
            {
                if (slots[h] == 0)
                {
                    keys[h] = r.PersonKey;
                    tags[h] = tag;
                    days[h] = day;
                    slots[h] = i + 1;
                    break;
                }

                if (keys[h] == r.PersonKey && tags[h] == tag)
                {
                    duplicates++;
                    if (day < days[h])
                    {
                        days[h] = day;
                        slots[h] = i + 1;
                    }

                    break;
                }

                h = (h + 1) & mask;
            }
        }

        var keep = new bool[records.Length];
        foreach (var s in slots)
        {
            if (s != 0)
            {
                keep[s - 1] = true;
            }
        }

        return keep;
    }

    private static int Mix(long key, int tag)
    {
        var x = (ulong)key ^ ((ulong)(uint)tag << 40) ^ (ulong)tag;
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return (int)x;
    }
}
