namespace Palermo.Linkage.Schema;

/// <summary>How one input column becomes tokens and how many filter bits it may set.</summary>
public sealed record FieldSchema
{
    /// <summary>The input column name.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// Fields with the same key group share a hashing key, so equal tokens set equal bits. Given and family names
    /// share one group: a record with the name order swapped still matches.
    /// </summary>
    public string? KeyGroup { get; init; }

    public TokenizerKind Tokenizer { get; init; } = TokenizerKind.NGram;

    /// <summary>n of the n-grams.</summary>
    public int N { get; init; } = 2;

    /// <summary>Tag each n-gram with its position (stricter; hurts on inserted or deleted characters).</summary>
    public bool Positional { get; init; }

    /// <summary>Add n-grams of a consonant skeleton (Mohammed/Muhammad → mhmd) and of a known nickname's full form.</summary>
    public bool Phonetic { get; init; }

    /// <summary>For Numeric: the width of one step.</summary>
    public int Resolution { get; init; } = 1;

    /// <summary>For Numeric and Date (years): how many steps either side are also emitted.</summary>
    public int Neighbourhood { get; init; }

    /// <summary>
    /// Bits-per-feature budget: the field sets about this many bits whatever the value's length (k per token =
    /// budget / token count, at least 1), which hides the length of names from a frequency attacker.
    /// </summary>
    public int BitsPerFeature { get; init; } = 100;

    /// <summary>Values (after trimming, case-insensitive) treated as missing; the empty string always is.</summary>
    public IReadOnlyList<string> MissingValues { get; init; } = [];

    public MissingStrategy Missing { get; init; } = MissingStrategy.Skip;
}
