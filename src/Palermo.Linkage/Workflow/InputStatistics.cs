using System.Numerics;
using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Workflow;

/// <summary>
/// Per-bit set frequencies and mean popcount of one input, accumulated batch by batch. Encodings made with the
/// same secret and schema share their frequent tokens (sex, citizenship, common n-grams), so their bit frequencies
/// correlate strongly; with a different secret the frequent bits land elsewhere and the correlation is near zero.
/// </summary>
public sealed class InputStatistics
{
    private long[] _counts = [];
    private long _bits;
    private long _filters;

    public double MeanPopCount => _filters == 0 ? 0 : _bits / (double)_filters;

    public double[] Frequency => [.. _counts.Select(c => c / (double)Math.Max(1, _filters))];

    public static InputStatistics Of(FilterSet filters)
    {
        var stats = new InputStatistics();
        stats.Add(filters);
        return stats;
    }

    public void Add(FilterSet filters)
    {
        if (_counts.Length == 0)
        {
            _counts = new long[filters.WordsPerFilter * 64];
        }

        for (int i = 0; i < filters.Count; i++)
        {
            ReadOnlySpan<ulong> f = filters[i];
            for (int w = 0; w < f.Length; w++)
            {
                ulong bits = f[w];
                _bits += BitOperations.PopCount(bits);
                while (bits != 0)
                {
                    _counts[(w << 6) + BitOperations.TrailingZeroCount(bits)]++;
                    bits &= bits - 1;
                }
            }
        }

        _filters += filters.Count;
    }

    /// <summary>Pearson correlation of the two bit-frequency profiles (0 when either is constant).</summary>
    public double Correlation(InputStatistics other)
    {
        double[] x = Frequency, y = other.Frequency;
        if (x.Length != y.Length || x.Length == 0)
        {
            return 0;
        }

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
