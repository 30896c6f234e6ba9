namespace Palermo.Linkage;

/// <summary>Defaults chosen from the quality evaluation (docs/linkage.md).</summary>
public static class LinkageDefaults
{
    /// <summary>The Dice threshold with the best F1 on the synthetic duplicates of the evaluation.</summary>
    public const double Threshold = 0.8;
}
