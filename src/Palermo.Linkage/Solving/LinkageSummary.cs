namespace Palermo.Linkage.Solving;

/// <summary>The counts a coordinator publishes: unique persons and the overlap between each pair of inputs.</summary>
public sealed record LinkageSummary(int Records, int UniquePersons, int[,] Overlap)
{
    public static LinkageSummary From(IReadOnlyList<int> inputSizes, GroupList groups)
    {
        int records = inputSizes.Sum();
        int[,] overlap = new int[inputSizes.Count, inputSizes.Count];
        int merged = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            ReadOnlySpan<RecordRef> members = groups[g];
            merged += members.Length - 1;
            Count(members, overlap);
        }

        return new LinkageSummary(records, records - merged, overlap);
    }

    private static void Count(ReadOnlySpan<RecordRef> g, int[,] overlap)
    {
        foreach (RecordRef x in g)
        {
            foreach (RecordRef y in g)
            {
                if (x.Input < y.Input)
                {
                    overlap[x.Input, y.Input]++;
                    overlap[y.Input, x.Input]++;
                }
            }
        }
    }

    public static LinkageSummary From(IReadOnlyList<int> inputSizes, List<List<RecordRef>> groups)
    {
        int records = inputSizes.Sum();
        int n = inputSizes.Count;
        int[,] overlap = new int[n, n];
        int merged = 0;
        foreach (List<RecordRef> g in groups)
        {
            merged += g.Count - 1;
            foreach (RecordRef x in g)
            {
                foreach (RecordRef y in g)
                {
                    if (x.Input < y.Input)
                    {
                        overlap[x.Input, y.Input]++;
                        overlap[y.Input, x.Input]++;
                    }
                }
            }
        }

        return new LinkageSummary(records, records - merged, overlap);
    }
}
