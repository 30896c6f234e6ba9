namespace Palermo.Statistics;

/// <summary>An ISO 3166-1 alpha-3 code packed into 15 bits (three letters × 5 bits), so a record stays small
/// and the engine maps it to a table index with one array lookup. Whether the code exists is the
/// <see cref="CountryTable"/>'s business, not this type's.</summary>
public readonly record struct CountryCode
{
    internal const int PackedRange = 1 << 15;

    private readonly ushort packed;

    private CountryCode(ushort packed) => this.packed = packed;

    internal int Packed => packed;

    /// <summary>The inverse of <see cref="Packed"/>; 0 (never produced by <see cref="TryParse"/>) means no code.</summary>
    internal static CountryCode? FromPacked(int value) => value is > 0 and < PackedRange ? new CountryCode((ushort)value) : null;

    /// <summary>Parses three ASCII letters (any case); anything else is a validation error naming the field.</summary>
    public static CountryCode Parse(string alpha3, string field = "country")
    {
        if (!TryParse(alpha3, out var code))
        {
            throw new StatisticsException(field, $"'{alpha3}' is not an ISO 3166-1 alpha-3 code (three letters).");
        }

        return code;
    }

    public static bool TryParse(string? alpha3, out CountryCode code)
    {
        code = default;
        if (alpha3 is not { Length: 3 })
        {
            return false;
        }

        var value = 0;
        foreach (var ch in alpha3)
        {
            var upper = char.ToUpperInvariant(ch);
            if (upper is < 'A' or > 'Z')
            {
                return false;
            }

            value = (value << 5) | (upper - 'A' + 1);
        }

        code = new CountryCode((ushort)value);
        return true;
    }

    public override string ToString() => packed == 0
        ? Codes.UnknownCountry
        : string.Create(3, packed, static (span, p) =>
        {
            span[0] = (char)('A' + ((p >> 10) & 31) - 1);
            span[1] = (char)('A' + ((p >> 5) & 31) - 1);
            span[2] = (char)('A' + (p & 31) - 1);
        });
}
