using Palermo.Linkage.Bits;
using Xunit;

namespace Palermo.Tests.Linkage;

internal static class TestData
{
    public static readonly byte[] Secret = "test-project-secret-0123456789abcdef"u8.ToArray();

    /// <summary>Random filters with popcounts spread widely, so popcount pruning has something to prune.</summary>
    public static FilterSet RandomFilters(int count, int bits, int seed, double minFill = 0.05, double maxFill = 0.6)
    {
        var random = new Random(seed);
        var set = new FilterSet(count, bits);
        byte[] bytes = new byte[set.ByteLength];
        for (int i = 0; i < count; i++)
        {
            Array.Clear(bytes);
            double fill = minFill + (random.NextDouble() * (maxFill - minFill));
            for (int b = 0; b < bits; b++)
            {
                if (random.NextDouble() < fill)
                {
                    BitOrder.Set(bytes, b);
                }
            }

            set.SetBytes(i, bytes);
        }

        return set;
    }

    /// <summary>Copies of <paramref name="source"/> rows with a few bits flipped: pairs just around typical thresholds.</summary>
    public static FilterSet Perturbed(FilterSet source, int seed, int flips)
    {
        var random = new Random(seed);
        var set = new FilterSet(source.Count, source.BitLength);
        for (int i = 0; i < source.Count; i++)
        {
            byte[] bytes = source.Bytes(i).ToArray();
            for (int f = 0; f < flips; f++)
            {
                int b = random.Next(source.BitLength);
                bytes[b >> 3] ^= (byte)(0x80 >> (b & 7));
            }

            set.SetBytes(i, bytes);
        }

        return set;
    }
}
