using System.Globalization;
using Palermo.Linkage.Schema;

namespace Palermo.Linkage.Encoders;

/// <summary>Turns one field value into its tokens, as the field's schema says.</summary>
internal static class Tokenizer
{
    private const string MissingToken = "\u2205";

    /// <summary>Adds the tokens of <paramref name="value"/> to <paramref name="tokens"/>; false if the value is missing.</summary>
    public static bool Tokenize(FieldSchema field, string? value, TokenBuffer tokens)
    {
        string trimmed = value?.Trim() ?? string.Empty;
        if (IsMissing(field, trimmed))
        {
            if (field.Missing == MissingStrategy.Sentinel)
            {
                tokens.Add(MissingToken, default);
            }

            return false;
        }

        switch (field.Tokenizer)
        {
            case TokenizerKind.NGram:
                NGrams(field, trimmed, tokens);
                break;
            case TokenizerKind.Exact:
                tokens.Add(default, trimmed.ToLowerInvariant());
                break;
            case TokenizerKind.Numeric:
                Numeric(field, trimmed, tokens);
                break;
            case TokenizerKind.Date:
                Date(field, trimmed, tokens);
                break;
            default:
                throw new LinkageException($"Field '{field.Name}': unknown tokenizer.");
        }

        return true;
    }

    private static bool IsMissing(FieldSchema field, string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        foreach (string m in field.MissingValues)
        {
            if (string.Equals(m, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void NGrams(FieldSchema field, string value, TokenBuffer tokens)
    {
        string normalised = NameNormaliser.Normalise(value);
        AddGrams(normalised, field.N, field.Positional, default, tokens);
        if (field.Phonetic)
        {
            // Skeleton grams carry a prefix so they never collide with ordinary grams of the same letters.
            string full = Nicknames.FullForm(normalised) ?? normalised;
            AddGrams(NameNormaliser.Skeleton(full), field.N, positional: false, "~", tokens);
        }
    }

    private static void AddGrams(string s, int n, bool positional, ReadOnlySpan<char> prefix, TokenBuffer tokens)
    {
        if (s.Length == 0)
        {
            return;
        }

        Span<char> padded = stackalloc char[s.Length + (2 * (n - 1))];
        padded.Fill(' ');
        s.CopyTo(padded[(n - 1)..]);
        Span<char> position = stackalloc char[12];
        for (int i = 0; i + n <= padded.Length; i++)
        {
            if (positional)
            {
                position[0] = '@';
                i.TryFormat(position[1..], out int written, default, CultureInfo.InvariantCulture);
                tokens.Add(prefix, padded.Slice(i, n), position[..(written + 1)]);
            }
            else
            {
                tokens.Add(prefix, padded.Slice(i, n));
            }
        }
    }

    private static void Numeric(FieldSchema field, string value, TokenBuffer tokens)
    {
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
        {
            throw new LinkageException($"Field '{field.Name}' is not an integer.");
        }

        long bucket = Math.DivRem(v, field.Resolution, out long rem) - (rem < 0 ? 1 : 0);
        for (long i = -field.Neighbourhood; i <= field.Neighbourhood; i++)
        {
            tokens.Add("n", (bucket + i).ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Date(FieldSchema field, string value, TokenBuffer tokens)
    {
        // Estimated birth dates are often only a year or a year and month: accept YYYY, YYYY-MM, YYYY-MM-DD.
        string[] parts = value.Split('-');
        Span<char> number = stackalloc char[8];
        if (parts.Length > 3 || !TryPart(parts[0], 4, 1800, 2200, out int year)
            || (parts.Length > 1 && !TryPart(parts[1], 2, 1, 12, out _))
            || (parts.Length > 2 && !TryPart(parts[2], 2, 1, 31, out _)))
        {
            throw new LinkageException($"Field '{field.Name}' is not a date in the form YYYY-MM-DD.");
        }

        for (int i = -field.Neighbourhood; i <= field.Neighbourhood; i++)
        {
            (year + i).TryFormat(number, out int written, default, CultureInfo.InvariantCulture);
            tokens.Add("y", number[..written]);
        }

        if (parts.Length > 1)
        {
            tokens.Add("m", parts[1]);
        }

        if (parts.Length > 2)
        {
            tokens.Add("d", parts[2]);
            // Day and month written the other way round (12/05 vs 05/12) still share this token.
            string a = parts[1], b = parts[2];
            bool ordered = string.CompareOrdinal(a, b) <= 0;
            tokens.Add("p", ordered ? a : b, ordered ? b : a);
        }
    }

    private static bool TryPart(string s, int length, int min, int max, out int v) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v) && s.Length == length && v >= min && v <= max;
}
