using System.Collections.Frozen;

namespace Palermo.Organisations;

/// <summary>ISO 3166-1 codes from the shipped country table, for validating input.</summary>
public static class CountryCodes
{
    private static readonly Lazy<(FrozenSet<string> Alpha3, FrozenDictionary<string, string> Alpha2To3)> Codes = new(Load);

    public static bool IsAlpha3(string? code) => code is { Length: 3 } && Codes.Value.Alpha3.Contains(code.ToUpperInvariant());

    /// <summary>Accepts alpha-2 or alpha-3 in any case; returns the alpha-3 code or null when unknown.</summary>
    public static string? ToAlpha3(string? code) => code is null ? null : ToAlpha3(code.AsSpan());

    /// <summary>
    /// As <see cref="ToAlpha3(string?)"/>, for a code inside a longer text (a ';'-separated list). Allocates nothing:
    /// the code returned is the table's own string.
    /// </summary>
    public static string? ToAlpha3(ReadOnlySpan<char> code)
    {
        code = code.Trim();
        if (code.Length is not (2 or 3)) return null;
        Span<char> upper = stackalloc char[3];
        var length = code.ToUpperInvariant(upper);
        var codes = Codes.Value;
        if (length == 3) return codes.Alpha3.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(upper[..3], out var a3) ? a3 : null;
        return codes.Alpha2To3.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(upper[..2], out var fromA2) ? fromA2 : null;
    }

    public static IReadOnlyCollection<string> All => Codes.Value.Alpha3;

    private static (FrozenSet<string>, FrozenDictionary<string, string>) Load()
    {
        using var s = typeof(CountryCodes).Assembly.GetManifestResourceStream("Palermo.countries.csv")!;
        using var r = new StreamReader(s);
        r.ReadLine();
        var a3 = new HashSet<string>();
        var map = new Dictionary<string, string>();
        while (r.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length < 2) continue;
            a3.Add(parts[1]);
            map[parts[0]] = parts[1];
        }

        return (a3.ToFrozenSet(StringComparer.Ordinal), map.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
