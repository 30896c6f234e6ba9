using System.Diagnostics;
using Palermo.Statistics.Disclosure;
using Palermo.Testing;

namespace Palermo.Tests.Cli;

/// <summary><c>palermo stats export</c> and <c>export-ctdc</c> run as a process on a seeded demo database.</summary>
public sealed class StatsCliTests : IDisposable
{
    private readonly string _dir = TestEnv.TempDir();

    [Fact]
    public async Task StatsExport_EveryFormat_WritesProtectedFile()
    {
        Assert.Equal(0, (await RunAsync("demo", "--cases", "200", "--seed", "3")).Code);
        foreach (var (format, start) in new[] { ("csv", "indicator,year"), ("sdmx-csv", "STRUCTURE,"), ("json", "{"), ("xlsx", "PK") })
        {
            var file = Path.Combine(_dir, "out." + format);
            var (code, stdout, stderr) = await RunAsync("stats", "export", "--format", format, "--out", file);
            Assert.True(code == 0, stderr);
            Assert.Contains("persons counted", stdout, StringComparison.Ordinal);
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            Assert.StartsWith(start, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Publication.UnsuppressedNotice, text, StringComparison.Ordinal);
        }

        var unsuppressed = Path.Combine(_dir, "national.csv");
        Assert.Equal(0, (await RunAsync("stats", "export", "--format", "csv", "--unsuppressed", "--out", unsuppressed)).Code);
        Assert.StartsWith("# " + Publication.UnsuppressedNotice, await File.ReadAllTextAsync(unsuppressed, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var ctdc = Path.Combine(_dir, "ctdc.csv");
        var (c, o, e) = await RunAsync("stats", "export-ctdc", "--k", "11", "--out", ctdc);
        Assert.True(c == 0, e);
        Assert.Contains("11-anonymous", o, StringComparison.Ordinal);
        Assert.StartsWith("yearOfRegistration", await File.ReadAllTextAsync(ctdc, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatsExport_BadInput_OneLineNonZeroNoFile()
    {
        var file = Path.Combine(_dir, "never.csv");
        var empty = await RunAsync("stats", "export", "--format", "csv", "--out", file);
        Assert.Equal(2, empty.Code);
        Assert.StartsWith("error: records: ", Single(empty.Stderr), StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("demo", "--cases", "60", "--seed", "4")).Code);
        foreach (var (args, field) in new[]
        {
            (new[] { "--format", "pdf" }, "--format: use csv|"),
            (new[] { "--format", "csv", "--from", "2026", "--to", "2022" }, "--from: "),
            (new[] { "--format", "csv", "--from", "1990", "--to", "1991" }, "--from: "),
            (new[] { "--format", "csv", "--to", "2100" }, "--to: "),
        })
        {
            var r = await RunAsync(["stats", "export", .. args, "--out", file]);
            Assert.NotEqual(0, r.Code);
            Assert.StartsWith("error: " + field, Single(r.Stderr), StringComparison.Ordinal);
        }

        var unwritable = await RunAsync("stats", "export", "--format", "csv", "--out", Path.Combine(_dir, "no", "such", "dir", "x.csv"));
        Assert.NotEqual(0, unwritable.Code);
        Assert.StartsWith("error: --out: the folder does not exist", Single(unwritable.Stderr), StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp*", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string Single(string stderr) => Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Palermo.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(Path.Combine(_dir, "data"));
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
