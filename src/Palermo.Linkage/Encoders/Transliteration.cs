namespace Palermo.Linkage.Encoders;

/// <summary>Cyrillic (Ukrainian, Russian, Bulgarian) and Greek letters to simple Latin, one common scheme.</summary>
internal static class Transliteration
{
    private static readonly Dictionary<char, string> Table = Build();

    public static string? Latin(char c) => Table.GetValueOrDefault(c);

    private static Dictionary<char, string> Build()
    {
        var t = new Dictionary<char, string>();
        Add(t, "абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye");
        Add(t, "ґєіїё", "geiie");
        t['ж'] = "zh"; t['х'] = "kh"; t['ц'] = "ts"; t['ч'] = "ch"; t['ш'] = "sh"; t['щ'] = "shch";
        t['ю'] = "yu"; t['я'] = "ya"; t['ъ'] = ""; t['ь'] = "";
        Add(t, "αβγδεζηικλμνξοπρστυφω", "avgdeziiklmnxoprsstyfo");
        t['θ'] = "th"; t['χ'] = "ch"; t['ψ'] = "ps";
        return t;
    }

    private static void Add(Dictionary<char, string> t, string from, string to)
    {
        for (int i = 0; i < from.Length; i++)
        {
            t[from[i]] = to[i].ToString();
        }
    }
}
