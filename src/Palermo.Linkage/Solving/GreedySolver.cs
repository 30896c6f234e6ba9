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
        if (inputSizes.Count > MaxInputs)
        {
            throw new LinkageException($"At most {MaxInputs} inputs can be linked in one run.");
        }

        int[] offset = new int[inputSizes.Count + 1];
        for (int i = 0; i < inputSizes.Count; i++)
        {
            offset[i + 1] = offset[i] + inputSizes[i];
        }

        int total = offset[^1];
        int[] parent = new int[total];
        ulong[] inputs = new ulong[total];
        for (int r = 0; r < total; r++)
        {
            parent[r] = r;
        }

        for (int input = 0; input < inputSizes.Count; input++)
        {
            for (int r = offset[input]; r < offset[input + 1]; r++)
            {
                inputs[r] = 1UL << input;
            }
        }

        // Ties are broken by record order, so the same input always gives the same groups.
        edges.Sort(static (x, y) =>
        {
            int c = y.Score.CompareTo(x.Score);
            if (c != 0)
            {
                return c;
            }

            c = Compare(x.A, y.A);
            return c != 0 ? c : Compare(x.B, y.B);
        });

        foreach (Edge e in edges)
        {
            int a = Find(parent, offset[e.A.Input] + e.A.Position);
            int b = Find(parent, offset[e.B.Input] + e.B.Position);
            if (a != b && (inputs[a] & inputs[b]) == 0)
            {
                parent[b] = a;
                inputs[a] |= inputs[b];
            }
        }

        var byRoot = new Dictionary<int, List<RecordRef>>();
        for (int input = 0; input < inputSizes.Count; input++)
        {
            for (int p = 0; p < inputSizes[input]; p++)
            {
                int root = Find(parent, offset[input] + p);
                if (BitOperations.PopCount(inputs[root]) < 2)
                {
                    continue;
                }

                if (!byRoot.TryGetValue(root, out List<RecordRef>? members))
                {
                    byRoot[root] = members = [];
                }

                members.Add(new RecordRef(input, p));
            }
        }

        return byRoot.Values.OrderBy(g => g[0].Input).ThenBy(g => g[0].Position).ToList();
    }

    private static int Compare(RecordRef x, RecordRef y) =>
        x.Input != y.Input ? x.Input.CompareTo(y.Input) : x.Position.CompareTo(y.Position);

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
