using System.Globalization;
using System.Text;

namespace Palermo.Linkage.Encoders;

/// <summary>
/// Folds a name to lower-case Latin letters: diacritics are stripped (Nguyễn → nguyen), Cyrillic and Greek are
/// transliterated (Олена → olena), and spaces, hyphens and apostrophes are dropped (Abu-Bakr → abubakr),
/// because agencies write the same name in different scripts and spellings.
/// </summary>
public static class NameNormaliser
{
    public static string Normalise(string value)
    {
        string decomposed = value.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (Transliteration.Latin(c) is { } latin)
            {
                sb.Append(latin);
            }
            else if (c == 'ß')
            {
                sb.Append("ss");
            }
            else if (char.IsLetter(c))
            {
                // Scripts without a table (Arabic, Thai, CJK, ...) keep their letters; they still match exactly.
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// A consonant skeleton that ignores the usual transliteration differences: vowels after the first letter are
    /// dropped, a leading vowel becomes 'a', similar consonants merge and doubled letters collapse.
    /// Mohammed, Muhammad, Mohamed → mhmd; Olena, Elena, Yelena → aln.
    /// </summary>
    public static string Skeleton(string normalised)
    {
        string s = normalised
            .Replace("ph", "f", StringComparison.Ordinal)
            .Replace("kh", "h", StringComparison.Ordinal)
            .Replace("sch", "s", StringComparison.Ordinal)
            .Replace("sh", "s", StringComparison.Ordinal)
            .Replace("ch", "c", StringComparison.Ordinal)
            .Replace("th", "t", StringComparison.Ordinal)
            .Replace("dh", "d", StringComparison.Ordinal)
            .Replace("gh", "g", StringComparison.Ordinal)
            .Replace("ck", "k", StringComparison.Ordinal)
            .Replace("x", "ks", StringComparison.Ordinal);
        var sb = new StringBuilder(s.Length);
        char previous = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char c = Fold(s[i]);
            bool vowel = c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
            if (i == 0 || (sb.Length == 0 && vowel))
            {
                c = vowel ? 'a' : c;
            }
            else if (vowel)
            {
                continue;
            }

            if (c != previous)
            {
                sb.Append(c);
            }

            previous = c;
        }

        return sb.ToString();
    }

    private static char Fold(char c) => c switch
    {
        'q' or 'c' => 'k',
        'w' => 'v',
        'z' => 's',
        'j' => 'y',
        _ => c,
    };
}
