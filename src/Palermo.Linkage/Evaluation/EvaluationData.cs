namespace Palermo.Linkage.Evaluation;

/// <summary>
/// Two agencies' files: A lists every person once; B re-records a share of them (corrupted) and adds people of
/// its own. The truth is which (A position, B position) pairs are the same person.
/// </summary>
public sealed record EvaluationData(List<SyntheticPerson> A, List<SyntheticPerson> B, HashSet<(int A, int B)> Truth)
{
    public static EvaluationData Create(int sizeA, int sizeB, double overlap, int seed)
    {
        var people = new PeopleGenerator(seed);
        var corruptor = new Corruptor(seed + 1);
        var order = new Random(seed + 2);
        var a = Enumerable.Range(0, sizeA).Select(people.Next).ToList();
        int shared = (int)Math.Min(sizeB, Math.Round(sizeA * overlap));
        var b = new List<SyntheticPerson>(sizeB);
        int[] chosen = Enumerable.Range(0, sizeA).OrderBy(_ => order.Next()).Take(shared).ToArray();
        b.AddRange(chosen.Select(i => corruptor.Corrupt(a[i])));
        b.AddRange(Enumerable.Range(sizeA, sizeB - shared).Select(people.Next));
        b = b.OrderBy(_ => order.Next()).ToList();

        var truth = new HashSet<(int, int)>();
        for (int j = 0; j < b.Count; j++)
        {
            if (b[j].PersonId < sizeA)
            {
                truth.Add((b[j].PersonId, j));
            }
        }

        return new EvaluationData(a, b, truth);
    }
}
