namespace Palermo.Screening;

/// <summary>
/// The lists shipped with Palermo, embedded in the assembly as JSON and validated by the same parser as an imported
/// list. Never edit a shipped list in place: publish a new version, so old screenings keep their meaning.
/// </summary>
public static class BuiltInLists
{
    private const string Prefix = "Palermo.Screening.Lists.";

    private static readonly Lazy<IReadOnlyList<IndicatorList>> Loaded = new(Load);

    public static IReadOnlyList<IndicatorList> All => Loaded.Value;

    private static List<IndicatorList> Load()
    {
        var asm = typeof(BuiltInLists).Assembly;
        var lists = new List<IndicatorList>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            lists.Add(IndicatorListParser.Parse(reader.ReadToEnd()));
        }

        return lists;
    }
}
