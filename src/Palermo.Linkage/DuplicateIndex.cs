using Palermo.Linkage.Comparison;
using Palermo.Linkage.Encoders;

namespace Palermo.Linkage;

/// <summary>
/// Duplicate detection inside one organisation: keep the stored encoding (one byte[] per person, made with
/// <see cref="LinkageEncoder.EncodePerson"/>) and ask which existing persons look like a new one. A linear scan
/// with popcount pruning: an organisation holds at most some hundred thousand persons, about a millisecond.
/// Not thread-safe for concurrent <see cref="Add"/>; concurrent <see cref="FindCandidates"/> calls are fine.
/// </summary>
public sealed class DuplicateIndex<TId>
    where TId : notnull
{
    private readonly List<(TId Id, ulong[] Words, int PopCount)> _entries = [];

    public DuplicateIndex(int filterBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filterBytes, 1);
        FilterBytes = filterBytes;
    }

    public int FilterBytes { get; }

    public int Count => _entries.Count;

    public void Add(TId id, ReadOnlySpan<byte> encoding)
    {
        ulong[] words = ToWords(encoding);
        _entries.Add((id, words, words.Sum(w => System.Numerics.BitOperations.PopCount(w))));
    }

    /// <summary>Stored persons scoring at least <paramref name="threshold"/> against <paramref name="encoding"/>, best first.</summary>
    public List<(TId Id, double Score)> FindCandidates(ReadOnlySpan<byte> encoding, double threshold = LinkageDefaults.Threshold, int max = 10)
    {
        ulong[] query = ToWords(encoding);
        int popA = query.Sum(w => System.Numerics.BitOperations.PopCount(w));
        (int lo, int hi) = DiceMath.PopCountWindow(threshold, popA);
        KernelKind kernel = KernelSupport.IsSupported(KernelKind.ScalarPopcnt) ? KernelKind.ScalarPopcnt : KernelKind.Portable;
        var found = new List<(TId Id, double Score)>();
        foreach ((TId id, ulong[] words, int pop) in _entries)
        {
            if (pop < lo || pop > hi)
            {
                continue;
            }

            double score = DiceMath.Score(PairKernels.AndPopCount(query, words, kernel), popA, pop);
            if (score >= threshold)
            {
                found.Add((id, score));
            }
        }

        return found.OrderByDescending(f => f.Score).Take(max).ToList();
    }

    private ulong[] ToWords(ReadOnlySpan<byte> encoding)
    {
        if (encoding.Length != FilterBytes)
        {
            throw new LinkageException($"An encoding of {encoding.Length} bytes cannot join an index of {FilterBytes}-byte encodings.");
        }

        ulong[] words = new ulong[(FilterBytes + 7) / 8];
        encoding.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
        return words;
    }
}
