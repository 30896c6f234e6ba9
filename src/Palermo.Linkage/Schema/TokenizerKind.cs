using System.Text.Json.Serialization;

namespace Palermo.Linkage.Schema;

[JsonConverter(typeof(JsonStringEnumConverter<TokenizerKind>))]
public enum TokenizerKind
{
    /// <summary>Padded character n-grams of the normalised value, optionally tagged with their position.</summary>
    NGram,

    /// <summary>The whole normalised value is one token (sex, citizenship).</summary>
    Exact,

    /// <summary>An integer and its neighbours within <c>Neighbourhood</c> steps of <c>Resolution</c>.</summary>
    Numeric,

    /// <summary>
    /// A YYYY-MM-DD date: the year with its neighbourhood (estimated birth dates), month, day, and the unordered
    /// day/month pair so that a swapped day and month still agree.
    /// </summary>
    Date,
}

[JsonConverter(typeof(JsonStringEnumConverter<MissingStrategy>))]
public enum MissingStrategy
{
    /// <summary>A missing value sets no bits: it neither agrees nor disagrees.</summary>
    Skip,

    /// <summary>A missing value is encoded as one sentinel token, so two missing values agree.</summary>
    Sentinel,
}
