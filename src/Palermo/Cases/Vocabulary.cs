namespace Palermo.Cases;

/// <summary>Parses picklist values strictly: by name only (no numbers), with the field named in the error.</summary>
public static class Vocabulary
{
    public static T Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (TryParse<T>(value, out var result)) return result;
        throw new DomainException(field, $"Unknown value. Use one of: {string.Join(", ", Enum.GetNames<T>().Where(n => n != "None"))}.");
    }

    public static T? ParseOptional<T>(string? value, string field) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? null : Parse<T>(value, field);

    /// <summary>A multi-select: values separated by ';' (HTCDS) or given as a list.</summary>
    public static T ParseFlags<T>(IEnumerable<string>? values, string field) where T : struct, Enum
    {
        ulong bits = 0;
        foreach (var v in values ?? [])
        {
            // A form's empty field (or a JSON null in a list) selects nothing.
            if (v is null) continue;
            foreach (var part in v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                bits |= Convert.ToUInt64(Parse<T>(part, field), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return (T)Enum.ToObject(typeof(T), bits);
    }

    public static IEnumerable<string> Names<T>(T flags) where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0 && flags.HasFlag(v)).Select(v => v.ToString());

    private static bool TryParse<T>(string? value, out T result) where T : struct, Enum
    {
        result = default;
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v) || v.Length > 64 || char.IsDigit(v[0]) || v[0] == '-') return false;
        return Enum.TryParse(v, ignoreCase: true, out result) && Enum.IsDefined(result) && !v.Equals("None", StringComparison.OrdinalIgnoreCase);
    }
}
