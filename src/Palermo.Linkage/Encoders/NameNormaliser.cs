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
        if (Ascii.IsValid(value))
        {
            // Most names arrive in plain ASCII: skip the Unicode decomposition.
            return string.Create(CountKept(value), value, static (span, v) =>
            {
                int n = 0;
                foreach (char c in v)
                {
                    char lower = (char)(c | 0x20);
                    if (lower is >= 'a' and <= 'z' || c is >= '0' and <= '9')
                    {
                        span[n++] = c is >= '0' and <= '9' ? c : lower;
                    }
                }
            });
        }

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

    private static int CountKept(string value)
    {
        int n = 0;
        foreach (char c in value)
        {
            if ((char)(c | 0x20) is >= 'a' and <= 'z' || c is >= '0' and <= '9')
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// A consonant skeleton that ignores the usual transliteration differences: vowels after the first letter are
    /// dropped, a leading vowel becomes 'a', similar consonants merge and doubled letters collapse.
    /// Mohammed, Muhammad, Mohamed → mhmd; Olena, Elena, Yelena → aln.
    /// </summary>
    public static string Skeleton(string normalised)
    {
        Span<char> folded = stackalloc char[(normalised.Length * 2) + 1];
        int n = FoldDigraphs(normalised, folded);
        Span<char> result = stackalloc char[n];
        int length = 0;
        char previous = '\0';
        for (int i = 0; i < n; i++)
        {
            char c = Fold(folded[i]);
            bool vowel = c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
            if (length == 0)
            {
                c = vowel ? 'a' : c;
            }
            else if (vowel)
            {
                continue;
            }

            if (c != previous)
            {
                result[length++] = c;
            }

            previous = c;
        }

        return new string(result[..length]);
    }

    /// <summary>ph→f, kh→h, sch/sh→s, ch→c, th→t, dh→d, gh→g, ck→k, x→ks: spellings of one sound in different schemes.</summary>
    private static int FoldDigraphs(string s, Span<char> output)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            char next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == 's' && next == 'c' && i + 2 < s.Length && s[i + 2] == 'h')
            {
                output[n++] = 's';
                i += 2;
            }
            else if (next == 'h' && c is 'p' or 'k' or 's' or 'c' or 't' or 'd' or 'g')
            {
                output[n++] = c switch { 'p' => 'f', 'k' => 'h', _ => c };
                i++;
            }
            else if (c == 'c' && next == 'k')
            {
                output[n++] = 'k';
                i++;
            }
            else if (c == 'x')
            {
                output[n++] = 'k';
                output[n++] = 's';
            }
            else
            {
                output[n++] = c;
            }
        }

        return n;
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
