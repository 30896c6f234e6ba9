namespace Palermo.Linkage.Solving;

/// <summary>
/// Candidate pairs of a whole run, stored compactly (16 bytes each: two record numbers across all inputs and the
/// score) in small chunks that stay off the large-object heap, so adding pairs never copies a doubling array.
/// </summary>
public sealed class EdgeBuffer
{
    /// <summary>4,096 edges × 16 bytes = 64 KB per chunk, below the 85 KB large-object threshold.</summary>
    private const int ChunkShift = 12;
    private const int ChunkSize = 1 << ChunkShift;

    private readonly List<CompactEdge[]> _chunks = [];
    private readonly int[] _offset;

    /// <summary>Pairs between inputs of these sizes; a record's number is its input's offset plus its position.</summary>
    public EdgeBuffer(IReadOnlyList<int> inputSizes)
    {
        _offset = new int[inputSizes.Count + 1];
        for (int i = 0; i < inputSizes.Count; i++)
        {
            _offset[i + 1] = checked(_offset[i] + inputSizes[i]);
        }
    }

    public int Count { get; private set; }

    internal IReadOnlyList<int> Offsets => _offset;

    /// <summary>Sets the size of <paramref name="input"/> once it is known (inputs are read one after another).</summary>
    public void SetSize(int input, int size)
    {
        int delta = size - (_offset[input + 1] - _offset[input]);
        for (int i = input + 1; i < _offset.Length; i++)
        {
            _offset[i] += delta;
        }
    }

    public void Add(RecordRef a, RecordRef b, double score)
    {
        int within = Count & (ChunkSize - 1);
        if (within == 0)
        {
            _chunks.Add(new CompactEdge[ChunkSize]);
        }

        _chunks[^1][within] = new CompactEdge(_offset[a.Input] + a.Position, _offset[b.Input] + b.Position, score);
        Count++;
    }

    /// <summary>All edges in one array of the exact size; each chunk is released as soon as it is copied.</summary>
    internal CompactEdge[] Drain()
    {
        var all = new CompactEdge[Count];
        for (int c = 0; c < _chunks.Count; c++)
        {
            int n = Math.Min(ChunkSize, Count - (c << ChunkShift));
            _chunks[c].AsSpan(0, n).CopyTo(all.AsSpan(c << ChunkShift));
            _chunks[c] = null!;
        }

        _chunks.Clear();
        Count = 0;
        return all;
    }
}

/// <summary>An edge between records numbered across all inputs (input offset + position).</summary>
internal readonly record struct CompactEdge(int A, int B, double Score);
