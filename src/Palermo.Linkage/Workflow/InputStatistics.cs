using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Workflow;

/// <summary>
/// Per-bit set frequencies and mean popcount of one input. Encodings made with the same secret and schema share
/// their frequent tokens (sex, citizenship, common n-grams), so their bit frequencies correlate strongly; with a
/// different secret the frequent bits land elsewhere and the correlation is near zero.
/// </summary>
public sealed class InputStatistics
{
    private InputStatistics(double[] frequency, double meanPopCount)
    {
        Frequency = frequency;
        MeanPopCount = meanPopCount;
    }

    public double[] Frequency { get; }

    public double MeanPopCount { get; }

    public static InputStatistics Of(FilterSet filters)
    {
        long[] counts = new long[filters.WordsPerFilter * 64];
        long total = 0;
        for (int i = 0; i < filters.Count; i++)
        {
            ReadOnlySpan<ulong> f = filters[i];
            for (int w = 0; w < f.Length; w++)
            {
                ulong bits = f[w];
                total += System.Numerics.BitOperations.PopCount(bits);
                while (bits != 0)
                {
                    counts[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)]++;
                    bits &= bits - 1;
                }
            }
        }

        return new InputStatistics(counts.Select(c => c / (double)filters.Count).ToArray(), total / (double)filters.Count);
    }

    /// <summary>Pearson correlation of the two bit-frequency profiles (0 when either is constant).</summary>
    public double Correlation(InputStatistics other)
    {
        double[] x = Frequency, y = other.Frequency;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}
