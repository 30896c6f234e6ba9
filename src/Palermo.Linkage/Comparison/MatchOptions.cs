namespace Palermo.Linkage.Comparison;

public sealed record MatchOptions
{
    /// <summary>Pairs scoring at least this Dice coefficient are reported.</summary>
    public double Threshold { get; init; } = LinkageDefaults.Threshold;

    /// <summary>Keep at most this many best candidates per query (null = all above the threshold).</summary>
    public int? TopK { get; init; }

    public KernelKind Kernel { get; init; } = KernelKind.Auto;

    /// <summary>
    /// Skip candidates (or whole blocks) whose popcount cannot reach the threshold. Never changes the result;
    /// off only to measure the raw kernel.
    /// </summary>
    public bool PopCountPruning { get; init; } = true;

    /// <summary>Worker threads; null = all cores.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Called with the number of queries finished so far (from worker threads).</summary>
    public Action<int>? Progress { get; init; }
}
