using System.Numerics;

namespace Palermo.Linkage.Solving;

/// <summary>
/// Groups matched records into persons like anonlink's greedy solver: candidate pairs are taken by descending
/// score and their groups merged unless the merged group would hold two records of the same input (an input
/// lists each person once). A pair is therefore only left apart when a better-scoring match already claimed
/// one of its records' inputs.
/// </summary>
public static class GreedySolver
{
    public const int MaxInputs = 64;

    /// <summary>Groups of two or more records, ordered by their first member; members ordered by input then position.</summary>
    public static List<List<RecordRef>> Solve(IReadOnlyList<int> inputSizes, List<Edge> edges)
    {
        var buffer = new EdgeBuffer(inputSizes);
        foreach (Edge e in edges)
        {
            buffer.Add(e.A, e.B, e.Score);
        }

        return Solve(inputSizes, buffer).ToLists();
    }

    /// <summary>
    /// The same grouping from a compact edge buffer (drained: it is empty afterwards), returning the groups in
    /// two flat arrays. Used by whole runs, where the edges and groups are most of the memory beside the encodings.
    /// </summary>
    public static GroupList Solve(IReadOnlyList<int> inputSizes, EdgeBuffer edgeBuffer)
    {
        if (inputSizes.Count > MaxInputs)
        {
            throw new LinkageException($"At most {MaxInputs} inputs can be linked in one run.");
        }

        int[] offset = new int[inputSizes.Count + 1];
        for (int i = 0; i < inputSizes.Count; i++)
        {
            offset[i + 1] = offset[i] + inputSizes[i];
            if (edgeBuffer.Offsets[i] != offset[i])
            {
                throw new ArgumentException("The edge buffer was made for other input sizes.", nameof(edgeBuffer));
            }
        }

        CompactEdge[] edges = edgeBuffer.Drain();

        // Ties are broken by record order, so the same input always gives the same groups (record numbers follow
        // input then position, so comparing them compares records in that order).
        Array.Sort(edges, static (x, y) =>
        {
            int c = y.Score.CompareTo(x.Score);
            if (c != 0)
            {
                return c;
            }

            c = x.A.CompareTo(y.A);
            return c != 0 ? c : x.B.CompareTo(y.B);
        });

        int total = offset[^1];
        int[] parent = new int[total];
        ulong[] inputs = new ulong[total];
        for (int input = 0; input < inputSizes.Count; input++)
        {
            for (int r = offset[input]; r < offset[input + 1]; r++)
            {
                parent[r] = r;
                inputs[r] = 1UL << input;
            }
        }

        foreach (CompactEdge e in edges)
        {
            int a = Find(parent, e.A);
            int b = Find(parent, e.B);
            if (a != b && (inputs[a] & inputs[b]) == 0)
            {
                parent[b] = a;
                inputs[a] |= inputs[b];
            }
        }

        edges = null!;

        // Group numbers in order of each group's first record; records are visited by input then position, so
        // members come out in that order too. "group" reuses the parent array: roots are resolved first.
        for (int r = 0; r < total; r++)
        {
            parent[r] = Find(parent, r);
        }

        int[] groupOfRoot = new int[total];
        int groups = 0, members = 0;
        for (int r = 0; r < total; r++)
        {
            int root = parent[r];
            if (BitOperations.PopCount(inputs[root]) < 2)
            {
                continue;
            }

            if (groupOfRoot[root] == 0)
            {
                groupOfRoot[root] = ++groups;
            }

            members++;
        }

        int[] starts = new int[groups + 1];
        for (int r = 0; r < total; r++)
        {
            int g = groupOfRoot[parent[r]];
            if (g != 0)
            {
                starts[g]++;
            }
        }

        for (int g = 1; g <= groups; g++)
        {
            starts[g] += starts[g - 1];
        }

        var result = new RecordRef[members];
        int[] next = new int[groups];
        Array.Copy(starts, next, groups);
        int inputIndex = 0;
        for (int r = 0; r < total; r++)
        {
            while (r >= offset[inputIndex + 1])
            {
                inputIndex++;
            }

            int g = groupOfRoot[parent[r]];
            if (g != 0)
            {
                result[next[g - 1]++] = new RecordRef(inputIndex, r - offset[inputIndex]);
            }
        }

        return new GroupList(result, starts);
    }

    private static int Find(int[] parent, int r)
    {
        while (parent[r] != r)
        {
            parent[r] = parent[parent[r]];
            r = parent[r];
        }

        return r;
    }
}
