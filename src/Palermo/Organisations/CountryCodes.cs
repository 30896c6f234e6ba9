using System.Collections.Frozen;

namespace Palermo.Organisations;

/// <summary>ISO 3166-1 codes from the shipped country table, for validating input.</summary>
public static class CountryCodes
{
    private static readonly Lazy<(FrozenSet<string> Alpha3, FrozenDictionary<string, string> Alpha2To3)> Codes = new(Load);

    public static bool IsAlpha3(string? code) => code is { Length: 3 } && Codes.Value.Alpha3.Contains(code.ToUpperInvariant());

    /// <summary>Accepts alpha-2 or alpha-3 in any case; returns the alpha-3 code or null when unknown.</summary>
    public static string? ToAlpha3(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var c = code.Trim().ToUpperInvariant();
        if (c.Length == 3) return Codes.Value.Alpha3.Contains(c) ? c : null;
        return c.Length == 2 && Codes.Value.Alpha2To3.TryGetValue(c, out var a3) ? a3 : null;
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

        return (a3.ToFrozenSet(), map.ToFrozenDictionary());
    }
}
