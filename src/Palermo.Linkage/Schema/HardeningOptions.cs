namespace Palermo.Linkage.Schema;

/// <summary>Optional hardening against pattern-mining attacks. See docs/linkage.md for the chosen default.</summary>
public sealed record HardeningOptions
{
    /// <summary>
    /// Encode into half the length, append the complement and apply a keyed permutation: every filter then has
    /// exactly half its bits set, so popcount leaks nothing (e.g. how many fields were missing).
    /// </summary>
    public bool Balance { get; init; }

    /// <summary>Encode into twice the length and XOR the halves together.</summary>
    public bool XorFold { get; init; }

    /// <summary>
    /// Optional field whose normalised value is appended to every token. Only for a value that never changes
    /// and is never estimated; never the birth date in this domain.
    /// </summary>
    public string? SaltField { get; init; }
}
