using Spectre.Console.Cli;

namespace Palermo.Cli.Linkage;

public static class LinkageCommands
{
    /// <summary>Registers <c>palermo linkage encode</c> and <c>palermo linkage run</c>.</summary>
    public static void AddLinkage(this IConfigurator config)
    {
        config.AddBranch("linkage", linkage =>
        {
            linkage.SetDescription("Privacy-preserving record linkage: count unique persons across agencies without sharing names.");
            linkage.AddCommand<EncodeCommand>("encode")
                .WithDescription("Encode a CSV of persons into Bloom-filter encodings (clkhash JSON).")
                .WithExample("linkage", "encode", "--secret-file", "project.key", "victims.csv", "--out", "victims.json");
            linkage.AddCommand<RunCommand>("run")
                .WithDescription("Link two or more encoding files: unique persons, overlaps, MATCHES.csv.")
                .WithExample("linkage", "run", "--threshold", "0.8", "police.json", "ngo.json", "--out", "matches.csv");
        });
    }
}
