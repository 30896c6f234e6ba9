using System.Numerics;
using Palermo.Cases;

namespace Palermo.Tests.Cases;

/// <summary>
/// The in-memory search index after many edits answers exactly what a plain scan of the current encodings answers:
/// persons with and without aliases, added, replaced, edited and erased in random order (slots are moved around as
/// entries are removed, so a stale slot would show as a wrong or missing result).
/// </summary>
public sealed class PersonEncodingIndexTests
{
    private const int Bytes = 16;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AfterRandomEdits_SearchMatchesAPlainScan(int seed)
    {
        var random = new Random(seed);
        var index = new PersonEncodingIndex.OrganisationEncodings(0, Bytes);
        var model = new Dictionary<Guid, (Guid Person, string Reference, byte[] Encoding)>();
        byte[] Encoding() => Enumerable.Range(0, 1 + random.Next(3)).SelectMany(_ => Filter()).ToArray();
        byte[] Filter()
        {
            var f = new byte[Bytes];
            random.NextBytes(f);
            return f;
        }

        var stamp = 0L;
        for (var step = 0; step < 600; step++)
        {
            var op = random.Next(4);
            if (op == 0 || model.Count < 5)
            {
                var caseId = Guid.NewGuid();
                var row = (Guid.NewGuid(), $"PAL-2026-{step:D6}", Encoding());
                model[caseId] = row;
                index.Add(caseId, row.Item1, row.Item2, row.Item3);
            }
            else
            {
                var (caseId, row) = model.ElementAt(random.Next(model.Count));
                var delta = new PersonEncodingChanges.Delta();
                if (op == 3)
                {
                    delta.Changed.Add((row.Person, null)); // erased
                    model.Remove(caseId);
                }
                else
                {
                    var encoding = Encoding(); // edited: the number of aliases may change too
                    delta.Changed.Add((row.Person, encoding));
                    model[caseId] = row with { Encoding = encoding };
                }

                Assert.True(index.TryApply(stamp, stamp + 1, delta));
                stamp++;
            }

            if (step % 50 != 49) continue;
            foreach (var score in new[] { MatchScore.Dice, MatchScore.Containment })
            {
                // A query near one of the stored encodings (a few bits changed), so there are close and far matches.
                var near = NameEncoder.Parts(model.Values.ElementAt(random.Next(model.Count)).Encoding, Bytes).First().ToArray();
                for (var flip = 0; flip < 12; flip++) near[random.Next(Bytes)] ^= (byte)(1 << random.Next(8));
                var threshold = score == MatchScore.Dice ? 0.5 : 0.6;
                var expected = Scan(model, near, threshold, 7, score);
                var actual = index.Find(near, threshold, 7, score).Select(s => (s.CaseId, s.Score)).ToList();
                Assert.Equal(expected, actual);
            }
        }
    }

    /// <summary>Every case scored by its best encoding (name or alias); best first, ties by Dice then reference.</summary>
    private static List<(Guid, double)> Scan(Dictionary<Guid, (Guid Person, string Reference, byte[] Encoding)> model, byte[] query, double threshold, int max, MatchScore score)
    {
        var a = Pop(query);
        return model.Select(kv =>
            {
                var best = NameEncoder.Parts(kv.Value.Encoding, Bytes).Select(part =>
                {
                    var common = Pop(query.Zip(part, (x, y) => (byte)(x & y)).ToArray());
                    var dice = 2.0 * common / (a + Pop(part));
                    return (Score: score == MatchScore.Dice ? dice : common / (double)a, Dice: dice);
                }).OrderByDescending(s => s.Score).ThenByDescending(s => s.Dice).First();
                return (Case: kv.Key, kv.Value.Reference, best.Score, best.Dice);
            })
            .Where(x => x.Score >= threshold)
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Dice).ThenBy(x => x.Reference, StringComparer.Ordinal)
            .Take(max).Select(x => (x.Case, x.Score)).ToList();
    }

    private static int Pop(byte[] bytes) => bytes.Sum(b => BitOperations.PopCount(b));
}
