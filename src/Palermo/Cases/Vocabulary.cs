using System.Runtime.CompilerServices;

namespace Palermo.Cases;

/// <summary>Parses picklist values strictly: by name only (no numbers), with the field named in the error.</summary>
public static class Vocabulary
{
    public static T Parse<T>(string? value, string field) where T : struct, Enum =>
        TryParse<T>(value.AsSpan().Trim(), out var result) ? result : throw Unknown<T>(field);

    public static T? ParseOptional<T>(string? value, string field) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null : Parse<T>(value, field);

    /// <summary>A multi-select: values separated by ';' (HTCDS) or given as a list.</summary>
    public static T ParseFlags<T>(IEnumerable<string>? values, string field) where T : struct, Enum
    {
        // Read in place, without splitting or boxing: an import parses several of these per row.
        ulong bits = 0;
        foreach (var v in values ?? [])
        {
            // A form's empty field (or a JSON null in a list) selects nothing.
            if (v is null) continue;
            var span = v.AsSpan();
            foreach (var range in span.Split(';'))
            {
                var part = span[range].Trim();
                if (part.IsEmpty) continue;
                if (!TryParse<T>(part, out var value)) throw Unknown<T>(field);
                bits |= Bits(value);
            }
        }

        return FromBits<T>(bits);
    }

    public static IEnumerable<string> Names<T>(T flags) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0 && flags.HasFlag(v)).Select(v => v.ToString());

    private static DomainException Unknown<T>(string field) where T : struct, Enum =>
        new(field, $"Unknown value. Use one of: {string.Join(", ", Enum.GetNames<T>().Where(n => n != "None"))}.");

    private static bool TryParse<T>(ReadOnlySpan<char> v, out T result) where T : struct, Enum
    {
        result = default;
        // Names only: Enum.TryParse would also take a number ("+1") or a comma-separated combination.
        if (v.IsEmpty || v.Length > 64 || !char.IsLetter(v[0]) || v.Contains(',')) return false;
        return Enum.TryParse(v, ignoreCase: true, out result) && Enum.IsDefined(result) && !v.Equals("None", StringComparison.OrdinalIgnoreCase);
    }

    // An enum's value as bits and back, whatever its underlying type (Convert.ToUInt64 and Enum.ToObject box).
    private static ulong Bits<T>(T value) where T : struct, Enum => Unsafe.SizeOf<T>() switch
    {
        1 => Unsafe.As<T, byte>(ref value),
        2 => Unsafe.As<T, ushort>(ref value),
        4 => Unsafe.As<T, uint>(ref value),
        _ => Unsafe.As<T, ulong>(ref value),
    };

    private static T FromBits<T>(ulong bits) where T : struct, Enum
    {
        T value = default;
        switch (Unsafe.SizeOf<T>())
        {
            case 1: Unsafe.As<T, byte>(ref value) = (byte)bits; break;
            case 2: Unsafe.As<T, ushort>(ref value) = (ushort)bits; break;
            case 4: Unsafe.As<T, uint>(ref value) = (uint)bits; break;
            default: Unsafe.As<T, ulong>(ref value) = bits; break;
        }

        return value;
    }
}
