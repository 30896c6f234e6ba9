namespace Palermo.Linkage.Encoders;

/// <summary>
/// Common short forms mapped to a full form (normalised spelling). A nickname then shares the full form's skeleton
/// n-grams. The table is deliberately small: a wrong entry would merge different people.
/// </summary>
internal static class Nicknames
{
    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["sasha"] = "aleksandr", ["sanya"] = "aleksandr", ["alex"] = "aleksandr", ["oleksandr"] = "aleksandr",
        ["masha"] = "maria", ["mariya"] = "maria", ["natasha"] = "natalia", ["tanya"] = "tatiana",
        ["katya"] = "ekaterina", ["dima"] = "dmitri", ["misha"] = "mikhail", ["kolya"] = "nikolai",
        ["vova"] = "vladimir", ["volodymyr"] = "vladimir", ["sveta"] = "svetlana", ["lena"] = "elena",
        ["olya"] = "olga", ["ira"] = "irina", ["julia"] = "yulia",
        ["bill"] = "william", ["will"] = "william", ["bob"] = "robert", ["rob"] = "robert",
        ["jim"] = "james", ["mike"] = "michael", ["tom"] = "thomas", ["liz"] = "elizabeth",
        ["beth"] = "elizabeth", ["kate"] = "katherine", ["peggy"] = "margaret", ["maggie"] = "margaret",
        ["pepe"] = "jose", ["paco"] = "francisco", ["pancho"] = "francisco",
        ["lupe"] = "guadalupe", ["chayo"] = "rosario", ["mo"] = "mohammed", ["chidi"] = "chidiebere", ["emeka"] = "chukwuemeka", ["tola"] = "omotola", ["bola"] = "bolanle", ["funmi"] = "funmilayo", ["toyin"] = "oluwatoyin",
        };

    public static string? FullForm(string normalised) =>
        Table.TryGetValue(normalised, out string? full) && full != normalised ? full : null;
}
