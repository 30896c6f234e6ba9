using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using Palermo.Testing;
using Spectre.Console.Cli;

namespace Palermo.Tests.Cli;

/// <summary>
/// The command line's side of the bad-input sweeps (the API's is ApiBadInputSweepTests, the forms' FormBadInputSweepTests):
/// every `palermo` command is found from the app's own model (`palermo cli xmldoc`, which lists each command's path,
/// class, options and arguments) and from reflection over the CLI assembly; each one is run once as it should be, then
/// with one option at a time broken. A refusal must be a non-zero exit with exactly one `error:` line on stderr naming
/// the option, no stack trace, no echo of a long value or a person's name, and the database and key files unchanged.
/// The commands run as separate processes, as CliTests does.
/// </summary>
public sealed class CliBadInputSweepTests : IDisposable
{
    private const string Marker = "Olufunke Bamidele";

    // Linux refuses a single argument over 128 KiB (MAX_ARG_STRLEN), so the "1 MB" value is as long as an argument can be.
    private static readonly string Long = new('x', 120_000);

    /// <summary>Commands the sweep leaves out, and why.</summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal)
    {
        // (none: every command takes at least the unknown-option case)
    };

    private readonly string _dir = TestEnv.TempDir();

    private enum Kind
    {
        Text,       // free text: any value is someone's legitimate input, checked only for echo
        Choice,     // a closed list of names (kind, role, format)
        Reference,  // an organisation's id or name, a service code
        Number,
        InFile,     // a file the command reads
        OutFile,    // a file the command writes
        Dir,        // a folder
        Email,
        Country,
        Flag,       // an on/off switch: only an unknown extra option is tried around it
    }

    /// <summary>A command's good invocation ({n} makes values fresh for the broken runs) and what each option is.</summary>
    private sealed record Sweep(string[] Good, Dictionary<string, Kind> Kinds, string[] Required);

    private Dictionary<string, Sweep> Table() => new(StringComparer.Ordinal)
    {
        ["db migrate"] = new([], [], []),
        ["orgs create"] = new(["--name", "Sweep Police {n}", "--kind", "Police", "--country", "GRC"],
            new() { ["--name"] = Kind.Text, ["--kind"] = Kind.Choice, ["--country"] = Kind.Country }, ["--name", "--kind", "--country"]),
        ["orgs list"] = new([], [], []),
        ["users create"] = new(["--email", "sweep{n}@police.example", "--org", "Sweep NGO", "--role", "CaseWorker"],
            new() { ["--email"] = Kind.Email, ["--org"] = Kind.Reference, ["--role"] = Kind.Choice }, ["--email", "--org", "--role"]),
        ["users list"] = new([], [], []),
        ["users reset"] = new(["--email", "sweep-reset@police.example", "--mfa"], new() { ["--email"] = Kind.Email, ["--mfa"] = Kind.Flag }, ["--email"]),
        ["users deactivate"] = new(["--email", "sweep-on@police.example"], new() { ["--email"] = Kind.Email }, ["--email"]),
        ["users reactivate"] = new(["--email", "sweep-off@police.example"], new() { ["--email"] = Kind.Email }, ["--email"]),
        ["keys rotate"] = new([], [], []),
        ["retention run"] = new([], [], []),
        ["audit verify"] = new(["--checkpoints", P("cps")], new() { ["--checkpoints"] = Kind.Dir }, []),
        ["audit checkpoint"] = new(["--out", P("cps")], new() { ["--out"] = Kind.Dir }, ["--out"]),
        ["cases import"] = new(["--format", "htcds", "--org", "Sweep NGO", P("good.csv")],
            new() { ["--format"] = Kind.Choice, ["--org"] = Kind.Reference, ["--skip-unsupported"] = Kind.Flag, ["FILE"] = Kind.InFile }, ["--org", "FILE"]),
        ["cases export"] = new(["--format", "htcds", "--org", "Sweep NGO", "--out", P("out/export{n}.csv")],
            new() { ["--format"] = Kind.Choice, ["--org"] = Kind.Reference, ["--out"] = Kind.OutFile }, ["--format", "--org", "--out"]),
        ["linkage encode"] = new(["--secret-file", P("secret.key"), P("persons.csv"), "--out", P("out/enc{n}.json")],
            new() { ["--secret-file"] = Kind.InFile, ["INPUT"] = Kind.InFile, ["--schema"] = Kind.InFile, ["--out"] = Kind.OutFile }, ["--secret-file", "INPUT", "--out"]),
        ["linkage run"] = new([P("a.json"), P("b.json"), "--threshold", "0.8", "--out", P("out/matches{n}.csv")],
            new() { ["INPUTS"] = Kind.InFile, ["--threshold"] = Kind.Number, ["--kernel"] = Kind.Choice, ["--out"] = Kind.OutFile }, ["INPUTS", "--out"]),
        ["services list"] = new([], [], []),
        ["services add"] = new(["--code", "sweep-new-{n}", "--name", "Sweep service {n}"],
            new() { ["--code"] = Kind.Choice, ["--name"] = Kind.Text }, ["--code", "--name"]),
        ["services rename"] = new(["--code", "sweep-svc", "--name", "Renamed {n}"],
            new() { ["--code"] = Kind.Reference, ["--name"] = Kind.Text }, ["--code", "--name"]),
        ["services deactivate"] = new(["--code", "sweep-svc"], new() { ["--code"] = Kind.Reference }, ["--code"]),
        ["services reactivate"] = new(["--code", "sweep-svc"], new() { ["--code"] = Kind.Reference }, ["--code"]),
        ["stats export"] = new(["--format", "csv", "--out", P("out/stats{n}.csv")],
            new() { ["--format"] = Kind.Choice, ["--from"] = Kind.Number, ["--to"] = Kind.Number, ["--unsuppressed"] = Kind.Flag, ["--out"] = Kind.OutFile }, ["--format", "--out"]),
        ["stats export-ctdc"] = new(["--k", "11", "--out", P("out/ctdc{n}.csv")],
            new() { ["--k"] = Kind.Number, ["--from"] = Kind.Number, ["--to"] = Kind.Number, ["--out"] = Kind.OutFile }, ["--out"]),
        ["demo"] = new(["--cases", "12", "--seed", "5"], new() { ["--cases"] = Kind.Number, ["--seed"] = Kind.Number, ["--reset-passwords"] = Kind.Flag }, []),
    };

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>A command added to Program.cs (or a new option on one) fails here until the sweep covers it.</summary>
    [Fact]
    public async Task EveryCommand_IsSweptOrExempt()
    {
        var model = await ModelAsync();
        var commandTypes = typeof(Palermo.Cli.Linkage.EncodeCommand).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && IsCommand(t)).Select(t => t.FullName!.Replace('+', '.')).ToHashSet();
        var registered = model.Select(c => c.ClrType.Replace('+', '.')).ToHashSet();
        Assert.Empty(commandTypes.Except(registered)); // a command class nobody can run
        var table = Table();
        foreach (var c in model)
        {
            if (Exempt.ContainsKey(c.Path)) continue;
            Assert.True(table.TryGetValue(c.Path, out var sweep), $"`palermo {c.Path}` is neither swept nor exempt");
            foreach (var o in c.Parameters) Assert.True(sweep.Kinds.ContainsKey(o.Name), $"`palermo {c.Path}` {o.Name} is not swept");
        }
    }

    [Fact]
    public async Task EveryCommand_BadInput_OneLineNamingTheOption_NothingSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = Stopwatch.StartNew();
        var model = (await ModelAsync()).Where(c => !Exempt.ContainsKey(c.Path)).ToList();
        var table = Table();
        var problems = new List<string>();
        await SetUpAsync(ct);

        // 1. Each command as it should be run: proves the path and the good values (and seeds stats data).
        foreach (var c in model.OrderBy(c => c.Path == "demo" ? 0 : 1))
        {
            var r = await RunAsync(Fill(table[c.Path].Good, 0), c.Path);
            if (r.Code != 0) problems.Add($"{c.Path} (good input): exit {r.Code}: {r.Stderr.Trim()}");
        }

        // 2. One option broken at a time; every run must be refused and change nothing.
        var goodTime = started.Elapsed;
        var cases = model.SelectMany(c => Cases(c, table[c.Path])).ToList();
        var baseline = Snapshot();
        using var gate = new SemaphoreSlim(3); // processes mostly wait on start-up; three keep two cores busy
        var snapshotLock = new object();
        await Task.WhenAll(cases.Select(async k =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var r = await RunAsync(k.Args, k.Path);
                var found = Check(k, r);
                lock (snapshotLock)
                {
                    var now = Snapshot();
                    if (now != baseline)
                    {
                        found.Add("the database or key files changed");
                        baseline = now;
                    }

                    problems.AddRange(found.Select(f => $"{k.Path} {k.Option} {k.What}: {f}"));
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        TestContext.Current.TestOutputHelper?.WriteLine($"CLI sweep: {model.Count} commands, set-up and good runs {goodTime.TotalSeconds:F0} s, {cases.Count} broken runs, {started.Elapsed.TotalSeconds:F0} s in all");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems.Order(StringComparer.Ordinal)));
    }

    private sealed record Case(string Path, string Option, string What, string[] Args, string Names);

    private IEnumerable<Case> Cases(Command c, Sweep sweep)
    {
        var good = Fill(sweep.Good, 1);
        yield return new(c.Path, "--frobnicate", "unknown option", [.. good, "--frobnicate", "1"], "frobnicate");
        foreach (var (option, kind) in sweep.Kinds)
        {
            if (kind == Kind.Flag) continue;
            var isArg = !option.StartsWith('-');
            var names = isArg ? option : option.TrimStart('-');
            Case With(string what, string value) => new(c.Path, option, what, Set(good, option, value, c), names);
            if (sweep.Required.Contains(option)) yield return new(c.Path, option, "missing", Remove(good, option, c), names);
            yield return With("empty", "");
            yield return With("long", Long);
            yield return With("control characters", "a\u0001b\u001b[2Jc");
            switch (kind)
            {
                case Kind.Number:
                    yield return With("letters", "abc");
                    yield return With("marker", Marker);
                    yield return With("huge", "99999999999999999999999");
                    if (option != "--seed") yield return With("negative", "-5"); // any seed is a seed
                    break;
                case Kind.Choice:
                case Kind.Reference:
                case Kind.Email:
                case Kind.Country:
                    // A person's name is the unknown value: refused, and not printed back.
                    yield return With("marker", Marker);
                    break;
                case Kind.InFile:
                    yield return With("no such file", P("nowhere/none.csv"));
                    yield return With("a directory", P("out"));
                    if (!Environment.UserName.Equals("root", StringComparison.Ordinal)) yield return With("unreadable", P("unreadable.txt")); // root reads anything
                    break;
                case Kind.OutFile:
                    yield return With("folder missing", P("nowhere/x.out"));
                    yield return With("a directory", P("out"));
                    break;
                case Kind.Dir:
                    yield return With("a file", P("good.csv"));
                    break;
                case Kind.Text:
                    // A name is legitimate text here, so the person's name rides along with another option broken.
                    var other = sweep.Kinds.Keys.FirstOrDefault(k => k != option && sweep.Kinds[k] != Kind.Text);
                    if (other is not null)
                    {
                        var bothArgs = Set(Set(good, option, Marker, c), other, "", c);
                        yield return new(c.Path, other, "empty, " + option + " a person's name", bothArgs, other.TrimStart('-'));
                    }

                    break;
            }
        }
    }

    private List<string> Check(Case k, (int Code, string Stdout, string Stderr) r)
    {
        var found = new List<string>();
        var all = r.Stdout + r.Stderr;
        if (r.Code == 0) found.Add("accepted (exit 0)");
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != 1) found.Add($"{lines.Length} stderr lines: {Clip(r.Stderr)}");
        else if (!lines[0].StartsWith("error: ", StringComparison.Ordinal) || !Names(lines[0]["error: ".Length..], k.Names))
        {
            found.Add($"does not name {k.Names}: {Clip(lines[0])}");
        }

        if (all.Contains("   at ", StringComparison.Ordinal)) found.Add("stack trace");
        if (all.Contains(new string('x', 200), StringComparison.Ordinal)) found.Add("long value echoed");
        if (all.Contains(Marker, StringComparison.OrdinalIgnoreCase) || all.Contains("Olufunke", StringComparison.OrdinalIgnoreCase)) found.Add("name echoed");
        if (all.Contains('\u001b') || all.Contains('\u0001')) found.Add("control characters echoed");
        return found;
    }

    /// <summary>
    /// The option exactly as the user types it, then a colon, right after "error: ": `--org: `, `FILE: ` (or, for an
    /// unknown option, anywhere in the line). One format for every command (README, "Command line"): some printed
    /// `org:` or `code:` (the domain's field), others `--email:`.
    /// </summary>
    private static bool Names(string message, string name) =>
        Regex.IsMatch(message, name.Any(char.IsLower) ? $@"^--{Regex.Escape(name)}: " : $@"^{Regex.Escape(name)}: ")
        || (name == "frobnicate" && message.Contains(name, StringComparison.Ordinal))
        || (name == "k" && message.StartsWith("--k", StringComparison.Ordinal));

    private static string Clip(string s) => s.Length > 300 ? s[..300] + "…" : s.Trim();

    private static string[] Fill(string[] args, int n) => args.Select(a => a.Replace("{n}", n.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();

    private static string[] Set(string[] args, string option, string value, Command c)
    {
        var list = args.ToList();
        if (option.StartsWith('-'))
        {
            var i = list.IndexOf(option);
            if (i < 0) list.AddRange([option, value]);
            else list[i + 1] = value;
        }
        else
        {
            var positions = Positional(list, c);
            list[positions[0]] = value;
        }

        return list.ToArray();
    }

    private static string[] Remove(string[] args, string option, Command c)
    {
        var list = args.ToList();
        if (option.StartsWith('-'))
        {
            var i = list.IndexOf(option);
            list.RemoveRange(i, 2);
        }
        else
        {
            foreach (var p in Positional(list, c).OrderDescending()) list.RemoveAt(p);
        }

        return list.ToArray();
    }

    /// <summary>Indexes of the positional arguments: whatever is neither an option nor an option's value.</summary>
    private static List<int> Positional(List<string> args, Command c)
    {
        var result = new List<int>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (!c.Flags.Contains(args[i])) i++;
                continue;
            }

            result.Add(i);
        }

        return result;
    }

    private async Task SetUpAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(P("out"));
        Directory.CreateDirectory(P("cps"));
        await File.WriteAllTextAsync(P("unreadable.txt"), "x", ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(P("unreadable.txt"), UnixFileMode.None);
        await File.WriteAllTextAsync(P("secret.key"), "sweep-secret-0123456789abcdef\n", ct);
        await File.WriteAllTextAsync(P("persons.csv"), "id,given_name,family_name,date_of_birth,sex,citizenship\np1,Ana,Rossi,1990-01-02,F,ITA\np2,Luca,Bianchi,1985-03-04,M,ITA\n", ct);
        await File.WriteAllTextAsync(P("good.csv"), "pal_ExternalId,prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,pal_CountryOfDetection,pal_IdentificationDate\r\n"
            + "sweep-1,Ana,Rossi,1990-01-02,Feminine,UA,IT,2026-01-05\r\n", ct);
        foreach (var setup in new[]
        {
            new[] { "orgs", "create", "--name", "Sweep NGO", "--kind", "NonGovernmentalOrganisation", "--country", "ITA" },
            ["services", "add", "--code", "sweep-svc", "--name", "Sweep service"],
            ["users", "create", "--email", "sweep-reset@police.example", "--org", "Sweep NGO", "--role", "CaseWorker"],
            ["users", "create", "--email", "sweep-on@police.example", "--org", "Sweep NGO", "--role", "CaseWorker"],
            ["users", "create", "--email", "sweep-off@police.example", "--org", "Sweep NGO", "--role", "CaseWorker"],
            ["users", "deactivate", "--email", "sweep-off@police.example"],
            ["linkage", "encode", "--secret-file", P("secret.key"), P("persons.csv"), "--out", P("a.json")],
            ["linkage", "encode", "--secret-file", P("secret.key"), P("persons.csv"), "--out", P("b.json")],
        })
        {
            var r = await RunAsync(setup[2..], setup[0] + " " + setup[1]);
            Assert.True(r.Code == 0, string.Join(' ', setup) + ": " + r.Stderr);
        }
    }

    /// <summary>Row count and a hash of every row of every table, plus the names and sizes of the files in the data
    /// folder other than the database's own (the key files).</summary>
    private string Snapshot()
    {
        var sb = new StringBuilder();
        using (var db = new SqliteConnection($"Data Source={P("data/palermo.db")};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            var tables = new List<string>();
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                using var r = cmd.ExecuteReader();
                while (r.Read()) tables.Add(r.GetString(0));
            }

            foreach (var t in tables)
            {
                using var cmd = db.CreateCommand();
#pragma warning disable CA2100 // the table names come from sqlite_master, not from input
                cmd.CommandText = $"SELECT * FROM \"{t}\"";
#pragma warning restore CA2100
                using var r = cmd.ExecuteReader();
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var rows = 0;
                while (r.Read())
                {
                    rows++;
                    for (var i = 0; i < r.FieldCount; i++)
                    {
                        hash.AppendData(r.IsDBNull(i) ? [0] : r.GetValue(i) is byte[] b ? b : Encoding.UTF8.GetBytes(Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) + "\u001f"));
                    }
                }

                sb.Append(t).Append(' ').Append(rows).Append(' ').Append(Convert.ToHexString(hash.GetHashAndReset())).Append('\n');
            }
        }

        foreach (var f in Directory.GetFiles(P("data"), "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("palermo.db", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            sb.Append(f).Append(' ').Append(new FileInfo(f).Length).Append('\n');
        }

        return sb.ToString();
    }

    private sealed record Parameter(string Name);

    private sealed record Command(string Path, string ClrType, List<Parameter> Parameters, HashSet<string> Flags);

    /// <summary>The app's own description of its commands (Spectre.Console.Cli's built-in `cli xmldoc`).</summary>
    private async Task<List<Command>> ModelAsync()
    {
        var r = await RunRawAsync(["cli", "xmldoc"]);
        Assert.Equal(0, r.Code);
        var xml = XDocument.Parse(r.Stdout);
        var result = new List<Command>();
        void Walk(XElement e, string prefix)
        {
            foreach (var c in e.Elements("Command"))
            {
                var path = (prefix + " " + (string)c.Attribute("Name")!).Trim();
                if ((string)c.Attribute("IsBranch")! == "true")
                {
                    Walk(c, path);
                    continue;
                }

                var ps = c.Element("Parameters")?.Elements().ToList() ?? [];
                var parameters = ps.Select(p => p.Name.LocalName == "Argument"
                    ? new Parameter((string)p.Attribute("Name")!)
                    : new Parameter("--" + ((string)p.Attribute("Long")! is { Length: > 0 } l ? l : (string)p.Attribute("Short")!))).ToList();
                var flags = ps.Where(p => (string?)p.Attribute("Kind") == "flag").Select(p => "--" + (string)p.Attribute("Long")!).ToHashSet();
                result.Add(new(path, (string)c.Attribute("ClrType")!, parameters, flags));
            }
        }

        Walk(xml.Root!, "");
        Assert.NotEmpty(result);
        return result;
    }

    private static bool IsCommand(Type t)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
        {
            if (b.IsGenericType && (b.GetGenericTypeDefinition() == typeof(Command<>) || b.GetGenericTypeDefinition() == typeof(AsyncCommand<>))) return true;
        }

        return false;
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, string path) => RunRawAsync([.. path.Split(' '), .. args]);

    private async Task<(int Code, string Stdout, string Stderr)> RunRawAsync(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Palermo.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(P("data"));
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "1000";
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
