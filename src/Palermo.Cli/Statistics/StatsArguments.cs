namespace Palermo.Cli.Statistics;

/// <summary>The published contract spells the CTDC group size <c>--k 11</c>, but Spectre.Console.Cli accepts only
/// multi-letter long options, so <c>--k</c> of <c>stats export-ctdc</c> is read as the short option <c>-k</c>.</summary>
internal static class StatsArguments
{
    public static string[] Normalise(IReadOnlyList<string> args)
    {
        var result = args.ToArray();
        if (result.Length < 2 || result[0] != "stats" || result[1] != "export-ctdc") return result;
        for (var i = 2; i < result.Length; i++)
        {
            if (result[i] == "--k") result[i] = "-k";
            else if (result[i].StartsWith("--k=", StringComparison.Ordinal)) result[i] = "-k=" + result[i][4..];
        }

        return result;
    }
}
