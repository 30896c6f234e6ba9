namespace Palermo.Statistics.Ctdc;

/// <summary>k-anonymity over the CTDC quasi-identifiers (year, gender, ageBroad, citizenship,
/// CountryOfExploitation), packed into one long per row. Local recoding in a fixed order — blank the
/// citizenship, then ageBroad, then CountryOfExploitation, then gender — applied only to the rows whose group is
/// still smaller than k; rows still in a group smaller than k at the end are suppressed. Blanking only moves rows
/// into larger groups, so groups that already reach k never shrink.</summary>
internal static class KAnonymizer
{
    // Bit layout: year (16) | gender (2) | age band (4) | citizenship slot (10) | country slot (10).
    public const int CountryShift = 0;
    public const int CitizenshipShift = 10;
    public const int AgeShift = 20;
    public const int GenderShift = 24;
    public const int YearShift = 26;
    private const long SlotMask = 1023;

    public static long Key(int year, int gender, int ageBand, int citizenship, int country) =>
        ((long)year << YearShift) | ((long)gender << GenderShift) | ((long)ageBand << AgeShift)
        | ((long)citizenship << CitizenshipShift) | ((long)country << CountryShift);

    /// <summary>Generalises <paramref name="keys"/> in place; returns per-field counts and the kept flags.</summary>
    public static (int[] Blanked, bool[] Keep) Apply(long[] keys, int k)
    {
        (int Shift, long Mask)[] steps =
        [
            (CitizenshipShift, SlotMask),
            (AgeShift, 15),
            (CountryShift, SlotMask),
            (GenderShift, 3),
        ];
        var blanked = new int[steps.Length];
        for (var s = 0; s < steps.Length; s++)
        {
            var counts = Count(keys);
            var clear = ~(steps[s].Mask << steps[s].Shift);
            for (var i = 0; i < keys.Length; i++)
            {
                if (counts[keys[i]] < k && ((keys[i] >> steps[s].Shift) & steps[s].Mask) != 0)
                {
                    keys[i] &= clear;
                    blanked[s]++;
                }
            }
        }

        var final = Count(keys);
        var keep = new bool[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keep[i] = final[keys[i]] >= k;
        }

        return (blanked, keep);
    }

    public static int Field(long key, int shift, long mask) => (int)((key >> shift) & mask);

    public static Dictionary<long, int> Count(long[] keys)
    {
        var counts = new Dictionary<long, int>();
        foreach (var key in keys)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
        }

        return counts;
    }
}
