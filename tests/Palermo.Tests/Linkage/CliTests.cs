using System.Text.Json;
using Palermo.Linkage.Comparison;
using Palermo.Linkage.Evaluation;
using Palermo.Linkage.Schema;
using Xunit;

namespace Palermo.Tests.Linkage;

[Collection("Console")]
public sealed class CliTests : IDisposable
{
    private static readonly EvaluationData Data = EvaluationData.Create(300, 300, 0.5, seed: 5);
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    private void EncodeBoth(string secretB = "secret.key")
    {
        _cli.WriteCsv("a.csv", Data.A, "police");
        _cli.WriteCsv("b.csv", Data.B, "ngo");
        Assert.Equal(0, _cli.Run("linkage", "encode", "--secret-file", _cli.Path("secret.key"), _cli.Path("a.csv"), "--out", _cli.Path("a.json")).Code);
        Assert.Equal(0, _cli.Run("linkage", "encode", "--secret-file", _cli.Path(secretB), _cli.Path("b.csv"), "--out", _cli.Path("b.json")).Code);
    }

    [Fact]
    public void Encode_ValidCsv_WritesEncodingsInOrderAndPseudonymousIds()
    {
        EncodeBoth();
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(_cli.Path("a.json")));
        Assert.Equal(300, json.RootElement.GetProperty("clks").GetArrayLength());
        string[] ids = File.ReadAllLines(_cli.Path("a.ids.csv"));
        Assert.Equal("position,pseudonymous_id", ids[0]);
        Assert.Equal(301, ids.Length);
        Assert.StartsWith("0,", ids[1], StringComparison.Ordinal);
        Assert.Equal(64 + 2, ids[1].Length);
    }

    [Fact]
    public void Export_AnyOutputFile_HoldsNoNameDateOrId()
    {
        EncodeBoth();
        Assert.Equal(0, _cli.Run("linkage", "run", _cli.Path("a.json"), _cli.Path("b.json"), "--out", _cli.Path("m.csv")).Code);
        string[] exported = [.. new[] { "a.json", "a.ids.csv", "b.json", "b.ids.csv", "m.csv" }.Select(f => File.ReadAllText(_cli.Path(f)))];
        foreach (SyntheticPerson p in Data.A.Take(100))
        {
            // Short names ("Li", "Ma") occur by chance inside base64, so only values of six or more characters are checked.
            foreach (string value in new[] { p.GivenName, p.FamilyName, p.DateOfBirth, "police-" + p.PersonId }.Where(v => v.Length >= 6))
            {
                Assert.DoesNotContain(exported, text => text.Contains(value, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Run_TwoAgencies_FindsTheSharedPersonsAndWritesMatches()
    {
        EncodeBoth();
        var (code, output, _) = _cli.Run("linkage", "run", "--threshold", "0.8", _cli.Path("a.json"), _cli.Path("b.json"), "--out", _cli.Path("m.csv"));
        Assert.Equal(0, code);
        string[] lines = File.ReadAllLines(_cli.Path("m.csv"));
        Assert.Equal("group_id,input,position", lines[0]);
        var groups = lines.Skip(1).Select(l => l.Split(',')).GroupBy(f => f[0]).ToList();
        int correct = groups.Count(g => Data.Truth.Contains((int.Parse(g.First(f => f[1] == "0")[2]), int.Parse(g.First(f => f[1] == "1")[2]))));
        Assert.InRange(correct, 135, 150);
        Assert.Contains($"Unique persons: {600 - groups.Count}", output, StringComparison.Ordinal);
        Assert.Contains($"x input 1 (b.json): {groups.Count}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_CsvMissingAColumn_FailsWithOneLineAndWritesNothing()
    {
        File.WriteAllText(_cli.Path("bad.csv"), "id,given_name,family_name,date_of_birth,sex\n1,Ana,Rusu,1990-01-01,F\n");
        var (code, _, error) = _cli.Run("linkage", "encode", "--secret-file", _cli.Path("secret.key"), _cli.Path("bad.csv"), "--out", _cli.Path("bad.json"));
        Assert.NotEqual(0, code);
        Assert.Equal("error: bad.csv lacks the required column 'citizenship'.", error.Trim());
        Assert.False(File.Exists(_cli.Path("bad.json")));
        Assert.False(File.Exists(_cli.Path("bad.ids.csv")));
    }

    [Fact]
    public void Encode_BadDateOverExistingOutput_KeepsTheOldFileAndNamesNoValue()
    {
        File.WriteAllText(_cli.Path("out.json"), "old");
        File.WriteAllText(_cli.Path("bad.csv"), "id,given_name,family_name,date_of_birth,sex,citizenship\n1,Ana,Rusu,1990-01-01,F,MDA\n2,Ion,Popa,31/12/1985,M,MDA\n");
        var (code, _, error) = _cli.Run("linkage", "encode", "--secret-file", _cli.Path("secret.key"), _cli.Path("bad.csv"), "--out", _cli.Path("out.json"));
        Assert.NotEqual(0, code);
        Assert.Contains("row 2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("1985", error, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(_cli.Path("out.json")));
        Assert.Equal(["bad.csv", "other.key", "out.json", "secret.key"], Directory.GetFiles(_cli.Dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Encode_ShortSecret_IsRefused()
    {
        File.WriteAllText(_cli.Path("weak.key"), "1234\n");
        _cli.WriteCsv("a.csv", Data.A.Take(3), "x");
        var (code, _, error) = _cli.Run("linkage", "encode", "--secret-file", _cli.Path("weak.key"), _cli.Path("a.csv"), "--out", _cli.Path("a.json"));
        Assert.NotEqual(0, code);
        Assert.Contains("at least 16", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"clks\": [\"gAE=\", \"%%%\"]}", "not valid base64")]
    [InlineData("{\"clks\": [\"gAE=\"]}", "cannot be compared")]
    [InlineData("", "is empty")]
    public void Run_BadSecondInput_FailsWithOneLineAndNoMatchesFile(string content, string expected)
    {
        EncodeBoth();
        File.WriteAllText(_cli.Path("bad.json"), content);
        var (code, _, error) = _cli.Run("linkage", "run", _cli.Path("a.json"), _cli.Path("bad.json"), "--out", _cli.Path("m.csv"));
        Assert.NotEqual(0, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(_cli.Path("m.csv")));
    }

    [Fact]
    public void Run_EverySupportedKernel_WritesTheSameMatches()
    {
        EncodeBoth();
        Assert.Equal(0, _cli.Run("linkage", "run", _cli.Path("a.json"), _cli.Path("b.json"), "--out", _cli.Path("auto.csv")).Code);
        string expected = File.ReadAllText(_cli.Path("auto.csv"));
        foreach (KernelKind kind in Enum.GetValues<KernelKind>())
        {
            string name = kind.ToString().ToLowerInvariant();
            var (code, _, error) = _cli.Run("linkage", "run", "--kernel", name, _cli.Path("a.json"), _cli.Path("b.json"), "--out", _cli.Path(name + ".csv"));
            if (KernelSupport.IsSupported(kind))
            {
                Assert.Equal(0, code);
                Assert.Equal(expected, File.ReadAllText(_cli.Path(name + ".csv")));
            }
            else
            {
                // A kernel this CPU lacks is refused by name before any work, never run on a wrong path.
                Assert.NotEqual(0, code);
                Assert.Contains($"--kernel: {kind} is not supported on this CPU", error, StringComparison.Ordinal);
                Assert.False(File.Exists(_cli.Path(name + ".csv")));
            }
        }

        var (badCode, _, badError) = _cli.Run("linkage", "run", "--kernel", "fastest", _cli.Path("a.json"), _cli.Path("b.json"), "--out", _cli.Path("m.csv"));
        Assert.NotEqual(0, badCode);
        Assert.Contains("--kernel: must be one of Auto, Portable", badError, StringComparison.Ordinal);
        Assert.Single(badError.Trim().Split('\n'));
    }

    [Fact]
    public void Run_FilesFromDifferentSecrets_WarnsThatCountsAreUnreliable()
    {
        EncodeBoth(secretB: "other.key");
        var (code, _, error) = _cli.Run("linkage", "run", _cli.Path("a.json"), _cli.Path("b.json"), "--out", _cli.Path("m.csv"));
        Assert.Equal(0, code);
        Assert.Contains("different secrets", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FilesFromDifferentSchemas_Fails()
    {
        EncodeBoth();
        LinkageSchema schema = DefaultSchema.Create();
        File.WriteAllText(_cli.Path("schema.json"), SchemaJson.Serialize(schema with { Fields = [.. schema.Fields.Select(f => f with { BitsPerFeature = f.BitsPerFeature + 5 })] }));
        Assert.Equal(0, _cli.Run("linkage", "encode", "--secret-file", _cli.Path("secret.key"), "--schema", _cli.Path("schema.json"), _cli.Path("b.csv"), "--out", _cli.Path("c.json")).Code);
        var (code, _, error) = _cli.Run("linkage", "run", _cli.Path("a.json"), _cli.Path("c.json"), "--out", _cli.Path("m.csv"));
        Assert.NotEqual(0, code);
        Assert.Contains("different linkage schema", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--threshold", "1.5")]
    [InlineData("--threshold", "0")]
    public void Run_ThresholdOutOfRange_FailsWithOneLine(string option, string value)
    {
        EncodeBoth();
        var (code, _, error) = _cli.Run("linkage", "run", option, value, _cli.Path("a.json"), _cli.Path("b.json"), "--out", _cli.Path("m.csv"));
        Assert.NotEqual(0, code);
        Assert.Equal("error: --threshold: must be greater than 0 and at most 1.", error.Trim());
        Assert.False(File.Exists(_cli.Path("m.csv")));
    }

    [Fact]
    public void Run_WithoutOut_FailsWithOneLine()
    {
        EncodeBoth();
        var (code, _, error) = _cli.Run("linkage", "run", _cli.Path("a.json"), _cli.Path("b.json"));
        Assert.NotEqual(0, code);
        Assert.Equal("error: --out: name the file to write.", error.Trim());
    }
}
