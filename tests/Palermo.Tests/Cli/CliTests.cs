using System.Diagnostics;
using Palermo.Testing;

namespace Palermo.Tests.Cli;

/// <summary>Runs the real `palermo` command as a separate process, as an operator's script would.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = TestEnv.TempDir();

    [Fact]
    public async Task OrgsAndUsersCreate_ValidInput_PrintIdAndOneTimeLink()
    {
        var (code, stdout, _) = await RunAsync("orgs", "create", "--name", "Coastal Police", "--kind", "Police", "--country", "GRC");
        Assert.Equal(0, code);
        Assert.True(Guid.TryParse(stdout.Trim(), out var police), stdout);
        (code, stdout, _) = await RunAsync("users", "create", "--email", "officer@police.example", "--org", "Coastal Police", "--role", "FrontlineOfficer");
        Assert.Equal(0, code);
        Assert.Matches(@"^http://localhost:5080/Account/Welcome\?token=[A-Za-z0-9_-]{40,}$", stdout.Trim());

        // The operator finds the organisation again, with the id the command printed.
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "Avalon Shelter", "--kind", "Shelter", "--country", "ITA")).Code);
        (code, stdout, _) = await RunAsync("orgs", "list");
        Assert.Equal(0, code);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["Avalon Shelter", "Coastal Police"], rows.Select(r => r[4]));
        Assert.Equal([police.ToString(), "active", "Police", "GRC"], rows[1][..4]);
    }

    [Fact]
    public async Task UsersResetDeactivateReactivate_ActOnTheAccountNamedByItsAddress()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "Harbour Shelter", "--kind", "Shelter", "--country", "GRC")).Code);
        Assert.Equal(0, (await RunAsync("users", "create", "--email", "keeper@shelter.example", "--org", "Harbour Shelter", "--role", "CaseWorker")).Code);

        var (code, stdout, _) = await RunAsync("users", "reset", "--email", "Keeper@Shelter.example", "--mfa");
        Assert.Equal(0, code);
        Assert.Matches(@"^http://localhost:5080/Account/Welcome\?token=[A-Za-z0-9_-]{40,}$", stdout.Trim());

        Assert.Equal(0, (await RunAsync("users", "deactivate", "--email", "keeper@shelter.example")).Code);
        var (twice, _, twiceErr) = await RunAsync("users", "deactivate", "--email", "keeper@shelter.example");
        Assert.Equal(2, twice);
        Assert.Equal("error: --email: This account is already deactivated.", twiceErr.Trim());
        var (noLink, _, noLinkErr) = await RunAsync("users", "reset", "--email", "keeper@shelter.example");
        Assert.Equal(2, noLink);
        Assert.StartsWith("error: --email: This account is deactivated.", noLinkErr.Trim(), StringComparison.Ordinal);
        var (listed, list, _) = await RunAsync("users", "list");
        Assert.Equal(0, listed);
        Assert.Equal("keeper@shelter.example\tHarbour Shelter\tCaseWorker\tno-mfa\tdeactivated", list.Trim());
        Assert.Equal(0, (await RunAsync("users", "reactivate", "--email", "keeper@shelter.example")).Code);
        Assert.Equal(0, (await RunAsync("users", "reset", "--email", "keeper@shelter.example")).Code);

        var (unknown, _, unknownErr) = await RunAsync("users", "deactivate", "--email", "nobody@shelter.example");
        Assert.Equal(2, unknown);
        Assert.Equal("error: --email: No account has this e-mail address.", unknownErr.Trim());
    }

    /// <summary>`palermo --help` is where an operator starts: every command group says what it is for.</summary>
    [Fact]
    public async Task Help_EveryCommandGroupHasADescription()
    {
        var (code, stdout, _) = await RunAsync("--help");
        Assert.Equal(0, code);
        var commands = stdout[(stdout.IndexOf("COMMANDS:", StringComparison.Ordinal) + "COMMANDS:".Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in new[] { "db", "orgs", "users", "keys", "retention", "audit", "cases", "linkage", "services", "stats", "demo" })
        {
            var line = Assert.Single(commands, l => l.Split(' ', 2)[0] == name);
            Assert.True(line.Length > name.Length + 10, $"`palermo --help` lists {name} without a description");
        }
    }

    [Theory]
    [InlineData("orgs create --name X --kind Bakery --country ITA", "--kind")]
    [InlineData("orgs create --name X --kind Police --country QQQ", "--country")]
    [InlineData("users create --email nobody --org X --role CaseWorker", "--email")]
    [InlineData("audit checkpoint", "--out")]
    [InlineData("frobnicate", "")]
    public async Task Command_BadInput_OneClearLineAndNonZeroExit(string args, string field)
    {
        var (code, stdout, stderr) = await RunAsync(args.Split(' '));
        Assert.NotEqual(0, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: " + field, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_AddDeactivateList_BadCodeIsOneClearLine()
    {
        Assert.Equal(0, (await RunAsync("services", "add", "--code", "mental-health", "--name", "Mental health")).Code);
        Assert.Equal(0, (await RunAsync("services", "deactivate", "--code", "mental-health")).Code);
        var (code, stdout, _) = await RunAsync("services", "list");
        Assert.Equal(0, code);
        Assert.Contains("mental-health\tinactive\t0\tMental health", stdout, StringComparison.Ordinal);
        Assert.Contains("shelter\tactive\t0\tShelter", stdout, StringComparison.Ordinal);
        var (bad, _, stderr) = await RunAsync("services", "add", "--code", "Mental Health", "--name", "x");
        Assert.Equal(2, bad);
        Assert.StartsWith("error: --code: Use lowercase letters", stderr.Trim(), StringComparison.Ordinal);
    }

    /// <summary>`palermo retention run` with no schedule anywhere says so, instead of a bare "0 persons erased".</summary>
    [Fact]
    public async Task RetentionRun_NoScheduleAnywhere_SaysSo_ExitZero()
    {
        var (code, stdout, stderr) = await RunAsync("retention", "run");
        Assert.Equal(0, code);
        Assert.Equal("no organisation has a retention schedule; nothing to do", stdout.Trim());
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task AuditVerify_WithCheckpoint_ExitsZeroWhenIntact()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "A", "--kind", "Shelter", "--country", "ITA")).Code);
        var cps = Path.Combine(_dir, "cps");
        var (code, stdout, _) = await RunAsync("audit", "checkpoint", "--out", cps);
        Assert.Equal(0, code);
        Assert.Contains("checkpoint at entry 2", stdout, StringComparison.Ordinal);
        (code, stdout, _) = await RunAsync("audit", "verify", "--checkpoints", cps);
        Assert.Equal(0, code);
        Assert.Contains("intact: 2 entries", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SeedsAccountsForEveryRole_AndKeysRotateAfterwards()
    {
        var (code, stdout, _) = await RunAsync("demo", "--cases", "50", "--seed", "7");
        Assert.Equal(0, code);
        Assert.Contains("Demo — synthetic data", stdout, StringComparison.Ordinal);
        foreach (var role in Enum.GetNames<Palermo.Accounts.Role>()) Assert.Contains(role, stdout, StringComparison.Ordinal);
        (code, stdout, _) = await RunAsync("keys", "rotate");
        Assert.Equal(0, code);
        Assert.Contains("50 data keys re-wrapped", stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("audit", "verify")).Code);
    }

    /// <summary>
    /// Found by hand: running the demo again on the same database gave every demo account a new password, signing out
    /// whoever used it and throwing away a password they had chosen. It now leaves existing accounts as they are and
    /// says so; only --reset-passwords gives them new ones.
    /// </summary>
    [Fact]
    public async Task Demo_AgainOnTheSameDatabase_LeavesExistingAccountsUntouched_AndSaysSo()
    {
        var (code, first, _) = await RunAsync("demo", "--cases", "5", "--seed", "7");
        Assert.Equal(0, code);
        var passwords = System.Text.RegularExpressions.Regex.Matches(first, "demo-[0-9a-f]{16}").Select(m => m.Value).ToList();
        Assert.Equal(Enum.GetValues<Palermo.Accounts.Role>().Length, passwords.Count);

        (code, var second, _) = await RunAsync("demo", "--cases", "5", "--seed", "8");
        Assert.Equal(0, code);
        Assert.Contains($"{passwords.Count} demo account(s) already existed and were left untouched", second, StringComparison.Ordinal);
        Assert.DoesNotMatch("demo-[0-9a-f]{16}", second);
        Assert.Contains("casesupervisor@demo.palermo.invalid", second, StringComparison.Ordinal);
        Assert.Contains("5 synthetic cases", second, StringComparison.Ordinal);

        // Asked for explicitly, the existing accounts get new passwords, printed once.
        (code, var reset, _) = await RunAsync("demo", "--cases", "0", "--reset-passwords");
        Assert.Equal(0, code);
        var fresh = System.Text.RegularExpressions.Regex.Matches(reset, "demo-[0-9a-f]{16}").Select(m => m.Value).ToList();
        Assert.Equal(passwords.Count, fresh.Count);
        Assert.Empty(fresh.Intersect(passwords));
        Assert.DoesNotContain("left untouched", reset, StringComparison.Ordinal);
    }

    /// <summary>
    /// A command that cannot get the database because another process holds its write lock (a long import, the demo
    /// seed) waits Database:BusyTimeoutSeconds, then says so in one line and exits 75 (EX_TEMPFAIL) so a script can
    /// retry; nothing is saved, and the same command succeeds once the writer is done. A malformed setting is a field error.
    /// </summary>
    [Fact]
    public async Task Command_DatabaseBusy_WaitsThenOneLineAndExit75_NothingSaved_ThenSucceeds()
    {
        Assert.Equal(0, (await RunAsync("orgs", "create", "--name", "A", "--kind", "Shelter", "--country", "ITA")).Code);
        var oneSecond = new Dictionary<string, string> { ["PALERMO__Database__BusyTimeoutSeconds"] = "1" };
        await using (var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "data", "palermo.db")};Pooling=False"))
        {
            await writer.OpenAsync(TestContext.Current.CancellationToken);
            await using (var begin = writer.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            var (code, stdout, stderr) = await RunAsync(oneSecond, "services", "add", "--code", "night-shelter", "--name", "Night shelter");
            Assert.Equal(75, code);
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: the database is busy with another write", line, StringComparison.Ordinal);
            Assert.Contains("nothing was saved", line, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("night-shelter", (await RunAsync("services", "list")).Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(oneSecond, "services", "add", "--code", "night-shelter", "--name", "Night shelter")).Code);
        Assert.Contains("night-shelter", (await RunAsync("services", "list")).Stdout, StringComparison.Ordinal);

        var bad = await RunAsync(new Dictionary<string, string> { ["PALERMO__Database__BusyTimeoutSeconds"] = "0" }, "services", "list");
        Assert.Equal(2, bad.Code);
        Assert.StartsWith("error: Database:BusyTimeoutSeconds: must be a whole number of seconds from 1 to 3600", bad.Stderr.Trim(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// A database that cannot be reached (or refuses a statement) ends the command with one line naming the kind of
    /// failure and exit code 3, not an unhandled-exception dump.
    /// </summary>
    [Fact]
    public async Task Command_DatabaseUnreachable_OneClearLineAndExitCode3()
    {
        int port;
        using (var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        }

        var (code, stdout, stderr) = await RunAsync(new Dictionary<string, string>
        {
            ["PALERMO__Database__Provider"] = "Postgres",
            ["PALERMO__ConnectionStrings__Palermo"] = $"Host=127.0.0.1;Port={port};Username=palermo;Database=palermo;Timeout=3",
        }, "orgs", "create", "--name", "Coastal Police", "--kind", "Police", "--country", "GRC");
        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: database error: cannot reach the PostgreSQL server", line, StringComparison.Ordinal);
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Palermo.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(Path.Combine(_dir, "data"));
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
