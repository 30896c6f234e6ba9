using Palermo.Linkage;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Evaluation;
using Palermo.Linkage.Interchange;
using Palermo.Linkage.Schema;
using Palermo.Linkage.Workflow;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class LinkageRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("palermo-linkage-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, List<SyntheticPerson> people)
    {
        var encoder = new LinkageEncoder(DefaultSchema.Create(), TestData.Secret);
        FilterSet set = QualityReport.Encode(encoder, people);
        string path = Path.Combine(_dir, name);
        ClkFile.WriteAtomically(path, set, encoder.Fingerprint);
        return path;
    }

    [Theory]
    [InlineData(KernelKind.BitSliced)]
    [InlineData(KernelKind.BitSlicedAvx2)]
    [InlineData(KernelKind.ScalarPopcnt)]
    [InlineData(KernelKind.Avx2)]
    public void Run_SmallBatches_GivesTheSameGroupsAsOneBatch(KernelKind kernel)
    {
        EvaluationData data = EvaluationData.Create(1500, 1500, 0.5, seed: 9);
        string[] paths = [Write("a.json", data.A), Write("b.json", data.B), Write("c.json", data.B.Take(700).ToList())];
        if (!KernelSupport.IsSupported(kernel))
        {
            // A CPU without the instructions refuses that kernel by name instead of running a wrong path.
            var refused = Assert.Throws<PlatformNotSupportedException>(() => LinkageRun.Run(paths, LinkageDefaults.Threshold, null, kernel, batchSize: 97));
            Assert.Contains(kernel.ToString(), refused.Message, StringComparison.Ordinal);
            return;
        }

        var whole = LinkageRun.Run(paths, LinkageDefaults.Threshold, null, kernel, batchSize: 100_000);
        var batched = LinkageRun.Run(paths, LinkageDefaults.Threshold, null, kernel, batchSize: 97);
        Assert.Equal(whole.Groups.ToLists().Select(g => string.Join(';', g)), batched.Groups.ToLists().Select(g => string.Join(';', g)));
        Assert.Equal([1500, 1500, 700], batched.InputSizes);
    }

    [Fact]
    public void Run_ThreeAgencies_CountsEachSharedPersonOnce()
    {
        EvaluationData data = EvaluationData.Create(1000, 1000, 0.5, seed: 10);
        // The third agency re-records B's first 300 people exactly: they join B's groups (and A's where shared).
        string[] paths = [Write("a.json", data.A), Write("b.json", data.B), Write("c.json", data.B.Take(300).ToList())];
        var result = LinkageRun.Run(paths, LinkageDefaults.Threshold);
        Assert.Equal(300, result.Summary.Overlap[1, 2]);
        Assert.InRange(result.Summary.UniquePersons, 1500 - 30, 1500 + 60);
        Assert.All(result.Groups.ToLists(), g => Assert.Equal(g.Count, g.Select(r => r.Input).Distinct().Count()));
    }
}
