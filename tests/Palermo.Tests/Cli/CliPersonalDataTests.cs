using System.Diagnostics;
using System.Text;
using Palermo.Testing;

namespace Palermo.Tests.Cli;

/// <summary>
/// The `palermo` command's side of the personal-data sweep (the web side is PersonalDataLeakTests): importing a good
/// HTCDS file and one whose bad cells are distinctive markers, then exporting, prints counts, rows and columns — never a
/// value. Only the export file itself holds the data (its purpose).
/// </summary>
public sealed class CliPersonalDataTests : IDisposable
{
    private const string Marker = "Zqxmarker";
    private const string Header = "pal_ExternalId,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,prs_IdentityNumber,prs_Email,pal_CountryOfDetection,pal_IdentificationDate,pal_Guardian";
    private readonly string _dir = TestEnv.TempDir();

    [Fact]
    public async Task ImportAndExport_GoodAndBadFiles_PrintNoValue()
    {
        var n = 0;
        string M() => Marker + (char)('a' + n++);
        string Row(string birth = "1983-07-29", string gender = "Feminine", string country = "IT", string? id = null) =>
            $"{id ?? M()},{M()},{M()},{birth},{gender},UA,{M()},{M()}@example.org,{country},2026-01-05,{M()}";
        var good = Path.Combine(_dir, "good.csv");
        await File.WriteAllTextAsync(good, Header + "\r\n" + Row() + "\r\n" + Row() + "\r\n", TestContext.Current.CancellationToken);
        var dup = M();
        var bad = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(bad, Header + "\r\n" + string.Join("\r\n", Row(birth: M()), Row(gender: M()), Row(country: M()), Row(id: dup), Row(id: dup)) + "\r\n",
            TestContext.Current.CancellationToken);

        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "Sweep NGO", "--kind", "NonGovernmentalOrganisation", "--country", "ITA")).Code);
        var imported = await RunAsync("cases", "import", "--format", "htcds", "--org", "Sweep NGO", good);
        Assert.Equal(0, imported.Code);
        var refused = await RunAsync("cases", "import", "--format", "htcds", "--org", "Sweep NGO", bad);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("prs_Birthdate", refused.Stderr, StringComparison.Ordinal); // where, never what
        var outputs = new List<string> { imported.Stdout, imported.Stderr, refused.Stdout, refused.Stderr };
        foreach (var format in new[] { "htcds", "json" })
        {
            var file = Path.Combine(_dir, "export." + format);
            var exported = await RunAsync("cases", "export", "--format", format, "--org", "Sweep NGO", "--out", file);
            Assert.Equal(0, exported.Code);
            Assert.Contains(Marker, await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
            outputs.AddRange([exported.Stdout, exported.Stderr]);
        }

        Assert.DoesNotContain(outputs, o => o.Contains(Marker, StringComparison.OrdinalIgnoreCase) || o.Contains("1983-07-29", StringComparison.Ordinal));
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Palermo.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(Path.Combine(_dir, "data"));
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
