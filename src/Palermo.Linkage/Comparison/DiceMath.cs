namespace Palermo.Linkage.Comparison;

/// <summary>
/// Sørensen–Dice and the popcount bounds used for pruning. Every kernel scores with <see cref="Score"/>, so all
/// kernels accept exactly the same pairs.
/// </summary>
public static class DiceMath
{
    /// <summary>2·|A∧B| / (|A|+|B|); two empty filters score 0 (nothing observed agrees).</summary>
    public static double Score(int common, int popA, int popB) =>
        popA + popB == 0 ? 0.0 : 2.0 * common / (popA + popB);

    /// <summary>
    /// The highest Dice any filter with popcount in [<paramref name="minB"/>, <paramref name="maxB"/>] can reach
    /// against a filter of popcount <paramref name="popA"/>: 2·min(a,b)/(a+b), largest at b nearest to a.
    /// </summary>
    public static double UpperBound(int popA, int minB, int maxB)
    {
        int b = Math.Clamp(popA, minB, maxB);
        return Score(Math.Min(popA, b), popA, b);
    }

    /// <summary>
    /// A count of common bits below which no candidate with popcount ≥ <paramref name="minB"/> can reach the
    /// threshold; one below the exact bound so floating-point rounding can never drop a true pair.
    /// </summary>
    public static int MinimumCommon(double threshold, int popA, int minB) =>
        Math.Max(0, (int)Math.Floor(threshold * (popA + minB) / 2.0) - 1);

    /// <summary>The popcount window [lo, hi] outside which no candidate can reach the threshold (with a margin of one).</summary>
    public static (int Lo, int Hi) PopCountWindow(double threshold, int popA)
    {
        if (threshold <= 0)
        {
            return (0, int.MaxValue);
        }

        int lo = (int)Math.Floor(threshold * popA / (2 - threshold)) - 1;
        int hi = (int)Math.Ceiling((2 - threshold) * popA / threshold) + 1;
        return (Math.Max(0, lo), hi);
    }
}
