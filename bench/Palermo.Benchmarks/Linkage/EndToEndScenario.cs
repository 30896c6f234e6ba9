using System.Diagnostics;
using System.Globalization;
using System.Text;
using Palermo.Cli.Linkage;
using Palermo.Linkage.Evaluation;
using Spectre.Console.Cli;

namespace Palermo.Benchmarks.Linkage;

/// <summary>
/// <c>linkage-e2e [records] [threshold] [kernel[,kernel...]]</c>: generates two agencies' CSVs (half the persons shared, corrupted),
/// runs <c>palermo linkage encode</c> on both and <c>palermo linkage run</c> in a child process under
/// <c>/usr/bin/time -v</c>, and reports wall time, peak memory and match quality against the known truth.
/// Several kernels (e.g. <c>Avx2,Auto</c>) are run one after the other on the same encodings, for comparisons on a busy machine.
/// </summary>
public static class EndToEndScenario
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        string threshold = args.Length > 1 ? args[1] : "0.8";
        string dir = Path.Combine(Path.GetTempPath(), $"palermo-linkage-e2e-{n}");
        Directory.CreateDirectory(dir);
        Console.WriteLine($"Generating {n} + {n} records in {dir} ...");
        EvaluationData data = EvaluationData.Create(n, n, 0.5, seed: 2026);
        WriteCsv(Path.Combine(dir, "a.csv"), data.A, "A");
        WriteCsv(Path.Combine(dir, "b.csv"), data.B, "B");
        File.WriteAllText(Path.Combine(dir, "secret.key"), "e2e-benchmark-secret-0123456789abcdef\n");

        var app = new CommandApp();
        app.Configure(c => c.AddLinkage());
        foreach (string side in new[] { "a", "b" })
        {
            var sw = Stopwatch.StartNew();
            int code = app.Run(["linkage", "encode", "--secret-file", Path.Combine(dir, "secret.key"), Path.Combine(dir, side + ".csv"), "--out", Path.Combine(dir, side + ".json")]);
            sw.Stop();
            Console.WriteLine($"encode {side}: exit {code}, {sw.Elapsed.TotalSeconds:F2} s, {n / sw.Elapsed.TotalSeconds:F0} records/s on {Environment.ProcessorCount} cores (incl. CSV read and JSON write)");
        }

        string cli = typeof(LinkageCommands).Assembly.Location;
        foreach (string kernel in (args.Length > 2 ? args[2] : "Auto").Split(','))
        {
            (double baselineSeconds, long baselineKb) = Child(cli, dir, "tiny", threshold, kernel);
            (double seconds, long peakKb) = Child(cli, dir, "full", threshold, kernel);
            double encodingsMb = 2.0 * n * 128 / 1e6;
            Console.WriteLine($"run {n}x{n} @ {threshold}, kernel {kernel}: {seconds:F2} s wall (process start {baselineSeconds:F2} s), peak RSS {peakKb / 1024.0:F0} MB, runtime baseline {baselineKb / 1024.0:F0} MB, encodings {encodingsMb:F1} MB, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            double resultsMb = new FileInfo(Path.Combine(dir, "matches.csv")).Length / 1e6;
            double aboveMb = (peakKb - baselineKb) * 1024.0 / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory above the runtime baseline: {aboveMb:F1} MB = {aboveMb / encodingsMb:F2} x the encodings = {aboveMb / (encodingsMb + resultsMb):F2} x (encodings + results {resultsMb:F1} MB)"));
            Quality(Path.Combine(dir, "matches.csv"), data);
        }

        return 0;
    }

    private static (double Seconds, long PeakKb) Child(string cli, string dir, string mode, string threshold, string kernel)
    {
        string a = Path.Combine(dir, "a.json"), b = Path.Combine(dir, "b.json");
        if (mode == "tiny")
        {
            a = b = Path.Combine(dir, "tiny.json");
            File.WriteAllText(a, "{\"clks\":[\"" + Convert.ToBase64String(new byte[128]) + "\"]}");
        }

        var psi = new ProcessStartInfo("/usr/bin/time", ["-v", "dotnet", cli, "linkage", "run", "--threshold", threshold, "--kernel", kernel, a, b, "--out", Path.Combine(dir, mode == "tiny" ? "tiny.csv" : "matches.csv")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var sw = Stopwatch.StartNew();
        using Process p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        sw.Stop();
        if (mode != "tiny")
        {
            Console.Write(stdout);
        }

        string line = stderr.Split('\n').First(l => l.Contains("Maximum resident set size", StringComparison.Ordinal));
        return (sw.Elapsed.TotalSeconds, long.Parse(line.Split(':')[1].Trim(), CultureInfo.InvariantCulture));
    }

    private static void Quality(string matches, EvaluationData data)
    {
        var groups = File.ReadLines(matches).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[0]).Select(g => g.ToDictionary(f => f[1], f => int.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
        int tp = groups.Count(g => data.Truth.Contains((g["0"], g["1"])));
        double precision = tp / (double)Math.Max(1, groups.Count), recall = tp / (double)data.Truth.Count;
        // The same pair-level measure as linkage-quality (QualityReport): a group is a true positive when its A and B
        // positions are the same person. Differences between the two reports come from the data size: see NameTwinShare.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"quality: precision {precision:F4}, recall {recall:F4}, F1 {2 * precision * recall / (precision + recall):F4} ({data.Truth.Count} true pairs; name twins {data.NameTwinShare():P1} of B, see docs/linkage.md#quality-evaluation)"));
    }

    private static void WriteCsv(string path, List<SyntheticPerson> people, string prefix)
    {
        var sb = new StringBuilder("id,given_name,family_name,date_of_birth,sex,citizenship\n");
        for (int i = 0; i < people.Count; i++)
        {
            SyntheticPerson p = people[i];
            sb.Append(CultureInfo.InvariantCulture, $"{prefix}-{i:D6},{p.GivenName},{p.FamilyName},{p.DateOfBirth},{p.Sex},{p.Citizenship}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }
}
