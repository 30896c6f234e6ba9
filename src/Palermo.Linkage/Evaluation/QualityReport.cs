using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Solving;

namespace Palermo.Linkage.Evaluation;

public sealed record QualityPoint(double Threshold, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>Precision, recall and F1 of encode → match → greedy solve, across thresholds.</summary>
public static class QualityReport
{
    public static List<QualityPoint> Evaluate(LinkageEncoder encoder, EvaluationData data, IReadOnlyList<double> thresholds)
    {
        FilterSet a = Encode(encoder, data.A), b = Encode(encoder, data.B);
        List<ScoredPair> pairs = Matcher.Match(a, b, new MatchOptions { Threshold = thresholds.Min() });
        var points = new List<QualityPoint>();
        foreach (double t in thresholds)
        {
            List<Edge> edges = pairs.Where(p => p.Score >= t)
                .Select(p => new Edge(new RecordRef(0, p.Query), new RecordRef(1, p.Candidate), p.Score)).ToList();
            int tp = 0, fp = 0;
            foreach (List<RecordRef> g in GreedySolver.Solve([a.Count, b.Count], edges))
            {
                if (data.Truth.Contains((g[0].Position, g[1].Position)))
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }

            points.Add(new QualityPoint(t, tp, fp, data.Truth.Count - tp));
        }

        return points;
    }

    public static FilterSet Encode(LinkageEncoder encoder, List<SyntheticPerson> people)
    {
        var set = new FilterSet(people.Count, encoder.FilterBits);
        for (int i = 0; i < people.Count; i++)
        {
            set.SetBytes(i, encoder.Encode(people[i].Values));
        }

        return set;
    }
}
