using System.Diagnostics;
using Palermo.Testing;

namespace Palermo.Tests.Cases.Htcds;

/// <summary>`palermo cases import|export` as an operator's script runs them: separate processes, exit codes, stderr.</summary>
public sealed class HtcdsCliTests : IDisposable
{
    private readonly string _dir = TestEnv.TempDir();

    [Fact]
    public async Task ImportExportImport_AcrossOrganisations_CountsAndNoDuplicates()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "North NGO", "--kind", "NonGovernmentalOrganisation", "--country", "ITA")).Code);
        // Of another kind than the sender: the file's org_Type (NGO) names the sender and does not stop the transfer.
        var (code, south, _) = await RunAsync("orgs", "create", "--name", "South Shelter", "--kind", "Shelter", "--country", "ITA");
        Assert.Equal(0, code);
        var input = Write("in.csv", HtcdsFiles.Good(3));

        var (c1, out1, err1) = await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", input);
        Assert.True(c1 == 0, err1);
        Assert.Equal("imported 3, skipped 0 (already imported)", out1.Trim());
        Assert.Equal("imported 0, skipped 3 (already imported)", (await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", input)).Stdout.Trim());

        var exported = Path.Combine(_dir, "north.csv");
        var (c2, out2, _) = await RunAsync("cases", "export", "--format", "htcds", "--org", "North NGO", "--out", exported);
        Assert.Equal(0, c2);
        Assert.StartsWith("exported 3 cases to ", out2.Trim(), StringComparison.Ordinal);
        var (c3, out3, _) = await RunAsync("cases", "import", "--format", "htcds", "--org", south.Trim(), exported);
        Assert.Equal(0, c3);
        Assert.Equal("imported 3, skipped 0 (already imported)", out3.Trim());
        var json = Path.Combine(_dir, "south.json");
        Assert.Equal(0, (await RunAsync("cases", "export", "--format", "json", "--org", "South Shelter", "--out", json)).Code);
        Assert.Contains("\"pal_ExternalId\": \"EXT-1\"", await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadRows_SummaryThenOneLinePerProblem_NothingSaved()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "North NGO", "--kind", "NonGovernmentalOrganisation", "--country", "ITA")).Code);
        var input = Write("bad.csv", HtcdsFiles.Csv(HtcdsFiles.Row(1), HtcdsFiles.Row(2, birth: "soon"), HtcdsFiles.Row(3, gender: "Unknowable")));
        var (code, stdout, stderr) = await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", input);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("error: nothing imported; 2 problem(s) in the file:", lines[0]);
        Assert.Equal("row 3, prs_Birthdate: Use a date in the form YYYY-MM-DD.", lines[1]);
        Assert.StartsWith("row 4, prs_Gender: Unknown value.", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Unknowable", stderr, StringComparison.Ordinal);
        var exported = Path.Combine(_dir, "after.csv");
        Assert.Equal("exported 0 cases to " + exported, (await RunAsync("cases", "export", "--format", "htcds", "--org", "North NGO", "--out", exported)).Stdout.Trim());
    }

    [Fact]
    public async Task Import_UnsupportedColumns_RefusedNamingTheOption_WithItImportedAndListed()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "North NGO", "--kind", "NonGovernmentalOrganisation", "--country", "ITA")).Code);
        var input = Write("full.csv", HtcdsSkipUnsupportedTests.File());
        var (code, stdout, stderr) = await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", input);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--skip-unsupported", stderr, StringComparison.Ordinal);
        Assert.Contains("per_Nationality, per_Occupation", stderr, StringComparison.Ordinal);

        var (c2, out2, err2) = await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", "--skip-unsupported", input);
        Assert.True(c2 == 0, err2);
        Assert.Equal(
            ["imported 1, skipped 0 (already imported)",
             "columns not read (--skip-unsupported): per_Nationality, per_Occupation"],
            out2.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("cases import --format htcds --org Nowhere {in}", "error: --org: No such organisation.")]
    [InlineData("cases import --format xlsx --org Nowhere {in}", "error: --format: only htcds can be imported.")]
    [InlineData("cases import --format htcds --org Nowhere {dir}/missing.csv", "error: FILE: no such file.")]
    [InlineData("cases export --format csv --org Nowhere --out {dir}/x.csv", "error: --format: use htcds or json.")]
    [InlineData("cases export --format htcds --org Nowhere --out {dir}/no/such/x.csv", "error: --out: the folder does not exist.")]
    [InlineData("cases export --format htcds --org Nowhere --out {dir}/x.csv", "error: --org: No such organisation.")]
    public async Task Command_BadInput_OneLineAndNonZeroExit_NoOutputFile(string args, string expected)
    {
        var input = Write("in.csv", HtcdsFiles.Good(1));
        var (code, _, stderr) = await RunAsync(args.Replace("{in}", input, StringComparison.Ordinal).Replace("{dir}", _dir, StringComparison.Ordinal).Split(' '));
        Assert.Equal(2, code);
        Assert.Equal(expected, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
        Assert.False(File.Exists(Path.Combine(_dir, "x.csv")));
    }

    [Fact]
    public async Task Export_TargetIsAFolder_OneLineNamingOut_NoPartialFile()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "North NGO", "--kind", "NonGovernmentalOrganisation", "--country", "ITA")).Code);
        Assert.Equal(0, (await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", Write("in.csv", HtcdsFiles.Good(2)))).Code);
        var target = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        var (code, stdout, stderr) = await RunAsync("cases", "export", "--format", "htcds", "--org", "North NGO", "--out", target);
        Assert.Equal(2, code); // checked before anything is written or audited
        Assert.Equal("", stdout);
        Assert.StartsWith("error: --out: that is a folder", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(target));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    /// <summary>
    /// The command takes files larger than the web page's 10 MB (it streams them), up to its own limit, above which it
    /// refuses before reading anything.
    /// </summary>
    [Fact]
    public async Task Import_FileOverTheWebLimit_Imported_FileOverTheCommandLimit_Refused()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "North NGO", "--kind", "NonGovernmentalOrganisation", "--country", "ITA")).Code);
        // 1,400 rows with support plans of 3,900 + 3,900 characters: about 11 MB.
        var text = new string('x', 3900);
        var rows = Enumerable.Range(1, 1400).Select(i => $"{HtcdsFiles.Row(i)},Health,{text},{text}").ToArray();
        var big = Write("big.csv", HtcdsFiles.Header + ",spl_Type,spl_Objectives,spl_ActionPlan\r\n" + string.Join("\r\n", rows) + "\r\n");
        Assert.True(new FileInfo(big).Length > Palermo.Cases.Htcds.HtcdsFile.MaxBytes);
        var (code, stdout, stderr) = await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", big);
        Assert.True(code == 0, stderr);
        Assert.Equal("imported 1400, skipped 0 (already imported)", stdout.Trim());

        var huge = Path.Combine(_dir, "huge.csv");
        await using (var f = File.Create(huge)) f.SetLength(Palermo.Cases.Htcds.HtcdsFile.MaxCommandBytes + 1); // sparse: no disk used
        (code, stdout, stderr) = await RunAsync("cases", "import", "--format", "htcds", "--org", "North NGO", huge);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("error: FILE: larger than 256 MB; split it.", stderr.Trim());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

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
