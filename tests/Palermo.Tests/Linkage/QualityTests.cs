using Palermo.Linkage;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Blocking;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Evaluation;
using Palermo.Linkage.Schema;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class QualityTests
{
    private static readonly EvaluationData Data = EvaluationData.Create(2000, 2000, 0.5, seed: 11);

    [Fact]
    public void Evaluate_DefaultSchemaAndThreshold_ReachesF1OfAtLeast095()
    {
        var encoder = new LinkageEncoder(DefaultSchema.Create(), TestData.Secret);
        QualityPoint point = Assert.Single(QualityReport.Evaluate(encoder, Data, [LinkageDefaults.Threshold]));
        Assert.True(point.F1 >= 0.95, $"F1 {point.F1:F4} (precision {point.Precision:F4}, recall {point.Recall:F4})");
    }

    [Fact]
    public void Generator_SameSeed_GivesTheSameData()
    {
        EvaluationData again = EvaluationData.Create(2000, 2000, 0.5, seed: 11);
        Assert.Equal(Data.B, again.B);
        Assert.Equal(1000, Data.Truth.Count);
    }

    [Fact]
    public void LshBlocking_RealEncodings_KeepsAtLeast95PercentOfThePairs()
    {
        var encoder = new LinkageEncoder(DefaultSchema.Create(), TestData.Secret);
        FilterSet a = QualityReport.Encode(encoder, Data.A), b = QualityReport.Encode(encoder, Data.B);
        List<ScoredPair> exhaustive = Matcher.Match(b, a, new MatchOptions { Threshold = LinkageDefaults.Threshold });
        List<ScoredPair> blocked = new LshBlocker(a.BitLength).Match(b, a, LinkageDefaults.Threshold);
        double recall = LshBlocker.Recall(exhaustive, blocked);
        Assert.True(recall >= 0.95, $"LSH recall {recall:F4}");
        Assert.True(blocked.All(p => p.Score >= LinkageDefaults.Threshold));
    }

    [Fact]
    public void DuplicateIndex_CorruptedRecordOfAStoredPerson_IsFoundFirst()
    {
        var encoder = new LinkageEncoder(DefaultSchema.Create(), TestData.Secret);
        var index = new DuplicateIndex<int>(encoder.FilterBytes);
        for (int i = 0; i < 500; i++)
        {
            index.Add(i, encoder.Encode(Data.A[i].Values));
        }

        var found = index.FindCandidates(encoder.EncodePerson("Muhammad", "Haddad", "1991-04-02", "M", "SYR"));
        index.Add(1000, encoder.EncodePerson("Mohammed", "Haddad", "1991-02-04", "M", "SYR"));
        var after = index.FindCandidates(encoder.EncodePerson("Muhammad", "Haddad", "1991-04-02", "M", "SYR"));
        Assert.DoesNotContain(found, f => f.Id == 1000);
        Assert.Equal(1000, after[0].Id);
    }
}
