using Microsoft.Extensions.Configuration;
using Palermo.Cases;
using Palermo.Testing;

namespace Palermo.Tests.Cases;

/// <summary>
/// The parent's side of the PDF cleaning child, with stand-in children (shell commands): a child that overruns its
/// time is killed with everything it started, exit codes become the usual field errors, output that is not a PDF
/// is never stored. The real child (the web app's clean-pdf mode) is tested in Palermo.Web.Tests (PdfIsolationTests).
/// </summary>
public sealed class PdfCleanerTests : IDisposable
{
    private readonly string _dir = TestEnv.TempDir();
    private static readonly byte[] Pdf = TestPdf.WithMetadata();

    [Fact]
    public async Task Child_OverTheTimeLimit_IsKilledWithWhatItStarted_AndTheUploadIsAFieldError()
    {
        var pidFile = Path.Combine(_dir, "pid");
        using var cleaner = Cleaner($"sleep 300 & echo $! > '{pidFile}'; wait", TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<DomainException>(() => cleaner.CleanAsync(Pdf, TestContext.Current.CancellationToken));
        Assert.Equal("file", ex.Field);
        Assert.Contains("could not be checked in time", ex.Message, StringComparison.Ordinal);
        // The grandchild (sleep) is gone too: killed, not left running for 5 minutes.
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(SpinWait.SpinUntil(() => !IsRunning(pid), TimeSpan.FromSeconds(10)), $"process {pid} still runs");
    }

    [Fact]
    public async Task Children_AreBoundedByConcurrentChecks_AndAnAbandonedUploadKillsItsChild()
    {
        var log = Path.Combine(_dir, "starts");
        using var cleaner = new PdfCleaner(new PdfCleanerOptions
        {
            ChildCommand = ["/bin/sh", "-c", $"echo $$ >> '{log}'; cat > /dev/null; exec sleep 300"], TimeLimit = TimeSpan.FromMinutes(2), ConcurrentChecks = 1,
        });
        using var firstRequest = new CancellationTokenSource();
        using var secondRequest = new CancellationTokenSource();
        var first = cleaner.CleanAsync(Pdf, firstRequest.Token);
        Assert.True(SpinWait.SpinUntil(() => Starts().Length == 1, TimeSpan.FromSeconds(30)), "the first child did not start");
        var second = cleaner.CleanAsync(Pdf, secondRequest.Token);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);
        Assert.Single(Starts()); // the second upload waits for the slot: no second child

        // The second upload is abandoned while waiting; the first (its request aborted) has its child killed.
        await secondRequest.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await firstRequest.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var pid = int.Parse(Starts()[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(SpinWait.SpinUntil(() => !IsRunning(pid), TimeSpan.FromSeconds(10)), $"process {pid} still runs");
        Assert.Single(Starts());

        string[] Starts() => File.Exists(log) ? File.ReadAllLines(log).Where(l => l.Length > 0).ToArray() : [];
    }

    [Theory]
    [InlineData(11, "encrypted")]
    [InlineData(12, "dynamic forms")]
    [InlineData(13, "damaged")]
    [InlineData(14, "hidden layers")]
    [InlineData(15, "embedded sound, video or 3D media")]
    [InlineData(16, "text hidden under drawn boxes")]
    [InlineData(20, "too large or too complex")]
    [InlineData(134, "too large or too complex")] // a crash (abort)
    public async Task ChildExitCode_IsTheSameFieldErrorAsInProcess(int code, string message)
    {
        using var cleaner = Cleaner($"cat > /dev/null; exit {code}", TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<DomainException>(() => cleaner.CleanAsync(Pdf, TestContext.Current.CancellationToken));
        Assert.Equal("file", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChildOutput_IsStoredOnlyWhenItIsAPdf_AndItsStderrIsNotPartOfTheError()
    {
        using var echo = Cleaner("cat", TimeSpan.FromSeconds(30));
        Assert.Equal(Pdf, await echo.CleanAsync(Pdf, TestContext.Current.CancellationToken));
        using var liar = Cleaner("cat > /dev/null; echo 'Olena Kovalenko' >&2; echo 'not a pdf'", TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<DomainException>(() => liar.CleanAsync(Pdf, TestContext.Current.CancellationToken));
        Assert.Equal("file", ex.Field);
        Assert.DoesNotContain("Olena", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_FromConfiguration_AreCheckedAndNamed()
    {
        var o = PdfCleanerOptions.From(Config(("Attachments:PdfTimeoutSeconds", "2.5"), ("Attachments:PdfMemoryLimitMB", "128"), ("Attachments:PdfConcurrentChecks", "3")));
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.TimeLimit);
        Assert.Equal(128, o.MemoryLimitMB);
        Assert.Equal(3, o.ConcurrentChecks);
        Assert.Null(o.ChildCommand);
        var defaults = PdfCleanerOptions.From(Config());
        Assert.Equal((TimeSpan.FromSeconds(20), 256, 2), (defaults.TimeLimit, defaults.MemoryLimitMB, defaults.ConcurrentChecks));
        foreach (var (key, value) in new[] { ("Attachments:PdfTimeoutSeconds", "0"), ("Attachments:PdfMemoryLimitMB", "8"), ("Attachments:PdfConcurrentChecks", "many") })
        {
            Assert.Equal(key, Assert.Throws<DomainException>(() => PdfCleanerOptions.From(Config((key, value)))).Field);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static PdfCleaner Cleaner(string script, TimeSpan limit) =>
        new(new PdfCleanerOptions { ChildCommand = ["/bin/sh", "-c", script], TimeLimit = limit });

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    // Running: /proc/PID exists and the process is not a zombie (an orphan killed in a container may wait for a reaper).
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
