using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Palermo.Cases;

/// <summary>
/// Limits on cleaning an uploaded PDF (<see cref="PdfCleaner"/>). <see cref="ChildCommand"/> null cleans in the
/// calling process (tools and the domain tests); the web app always sets it.
/// </summary>
public sealed record PdfCleanerOptions
{
    /// <summary>Program and arguments of the child that reads a PDF on stdin and writes the cleaned PDF on stdout.</summary>
    public IReadOnlyList<string>? ChildCommand { get; init; }

    /// <summary>Wall-clock limit for one child (start-up included); also the longest wait for a free slot.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The child's managed-heap limit (<c>DOTNET_GCHeapHardLimit</c>).</summary>
    public int MemoryLimitMB { get; init; } = 256;

    /// <summary>How many children may run at once; further uploads wait (up to <see cref="TimeLimit"/>) for a slot.</summary>
    public int ConcurrentChecks { get; init; } = 2;

    /// <summary>The limits from configuration (<c>Attachments:PdfTimeoutSeconds</c>, <c>Attachments:PdfMemoryLimitMB</c>,
    /// <c>Attachments:PdfConcurrentChecks</c>); the child command is the host's to give.</summary>
    public static PdfCleanerOptions From(IConfiguration config)
    {
        var o = new PdfCleanerOptions();
        if (config["Attachments:PdfTimeoutSeconds"] is { Length: > 0 } t)
        {
            if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || s <= 0 || s > 3600)
            {
                throw new DomainException("Attachments:PdfTimeoutSeconds", "Attachments:PdfTimeoutSeconds must be a number of seconds between 0 and 3600.");
            }

            o = o with { TimeLimit = TimeSpan.FromSeconds(s) };
        }

        if (config["Attachments:PdfMemoryLimitMB"] is { Length: > 0 } m)
        {
            if (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var mb) || mb is < 16 or > 65536)
            {
                throw new DomainException("Attachments:PdfMemoryLimitMB", "Attachments:PdfMemoryLimitMB must be a whole number of megabytes from 16 to 65536.");
            }

            o = o with { MemoryLimitMB = mb };
        }

        if (config["Attachments:PdfConcurrentChecks"] is { Length: > 0 } c)
        {
            if (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 64)
            {
                throw new DomainException("Attachments:PdfConcurrentChecks", "Attachments:PdfConcurrentChecks must be a whole number from 1 to 64.");
            }

            o = o with { ConcurrentChecks = n };
        }

        return o;
    }
}

/// <summary>
/// Cleans uploaded PDFs (<see cref="PdfContent.Strip"/>) in a short-lived child process, so that a hostile file —
/// a decompression bomb, a pathological cross-reference table, a parser bug — can cost at most one child's time and
/// memory, never the web server that holds every victim's data. The parent only passes bytes: the PDF on the
/// child's stdin, the cleaned PDF back on its stdout, a refusal as its exit code (mapped to the same field errors as
/// in-process cleaning). Limits: a wall-clock time limit after which the child (and anything it started) is killed,
/// a managed-heap limit, a cap on the output, and a bounded number of children at once. The child gets a fresh
/// environment holding only runtime settings (no connection string, no key material, no PALERMO__ or ASPNETCORE_
/// variables), no arguments but the mode, a temporary working directory, and none of the server's open files (.NET and
/// SQLite open theirs close-on-exec). Its stderr is read and thrown away: a runtime crash report could quote the document.
/// </summary>
public sealed class PdfCleaner(PdfCleanerOptions options, ILogger<PdfCleaner>? logger = null) : IDisposable
{
    /// <summary>The argument that starts the child mode (the web app's hidden first argument).</summary>
    public const string ChildArgument = "clean-pdf";

    /// <summary>The most the cleaned file may grow to: PDFsharp writes objects out of compressed object streams,
    /// so a rewrite can be larger than the upload, but not without end.</summary>
    public const int MaxOutputBytes = 8 * AttachmentContent.MaxBytes;

    /// <summary>
    /// The self-check mode: <c>clean-pdf-probe PATH PORT</c> confines itself as the cleaning child does, then tries to
    /// read the file PATH and to connect to 127.0.0.1:PORT, then to read PATH again from a thread the runtime started
    /// before Main (the finalizer's), and to create a UDP and a Unix socket. Its exit code: <see cref="ProbeReadDenied"/>,
    /// <see cref="ProbeConnectDenied"/>, <see cref="ProbeEarlyThreadReadDenied"/> and <see cref="ProbeSocketDenied"/>
    /// set for what was refused, or <see cref="ProbeNoSandbox"/> alone when the kernel has no Landlock. Nothing is read beyond one byte and nothing is written.
    /// </summary>
    public const string ProbeArgument = "clean-pdf-probe";

    public const int ProbeReadDenied = 1;
    public const int ProbeConnectDenied = 2;
    public const int ProbeEarlyThreadReadDenied = 4;
    public const int ProbeSocketDenied = 8;
    public const int ProbeNoSandbox = 64;

    private const int ExitRefused = 10; // + PdfRefusal
    private const int ExitTooComplex = 20;
    private const int ExitNoSandbox = 30;

    private readonly SemaphoreSlim _slots = new(options.ConcurrentChecks, options.ConcurrentChecks);
    private int _announced;

    public async Task<byte[]> CleanAsync(byte[] pdf, CancellationToken ct = default)
    {
        if (options.ChildCommand is null) return PdfContent.Strip(pdf);
        if (Interlocked.Exchange(ref _announced, 1) == 0) AnnounceSandbox();
        if (!await _slots.WaitAsync(options.TimeLimit, ct)) throw Busy();
        try
        {
            return await RunChildAsync(pdf, ct);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>How the child is started: the command, and an environment built from nothing.</summary>
    public ProcessStartInfo ChildStartInfo()
    {
        var command = options.ChildCommand ?? throw new InvalidOperationException("No PDF cleaning child is configured.");
        var psi = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (key, value) in ChildEnvironment(options.MemoryLimitMB)) psi.Environment[key] = value;
        return psi;
    }

    /// <summary>Everything the child's environment holds: runtime settings only.</summary>
    public static IReadOnlyDictionary<string, string> ChildEnvironment(int memoryLimitMB) => new Dictionary<string, string>
    {
        // The managed heap's hard limit (hexadecimal bytes): past it an allocation fails with OutOfMemoryException.
        ["DOTNET_GCHeapHardLimit"] = ((long)memoryLimitMB * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture),
        // A process that lives for a fraction of a second needs no background GC thread or PGO instrumentation.
        ["DOTNET_gcConcurrent"] = "0",
        ["DOTNET_TieredPGO"] = "0",
        // No culture data is needed to parse and write a PDF: ICU is not loaded (faster start, less memory).
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        // No diagnostics IPC endpoint: nothing can attach to the child, and no socket file is created.
        ["DOTNET_EnableDiagnostics"] = "0",
    };

    private async Task<byte[]> RunChildAsync(byte[] pdf, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var child = Process.Start(ChildStartInfo()) ?? throw new InvalidOperationException("The PDF cleaning process did not start.");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.TimeLimit);
        var output = ReadCappedAsync(child.StandardOutput.BaseStream, MaxOutputBytes, limit.Token);
        var errors = ReadCappedAsync(child.StandardError.BaseStream, 64 * 1024, limit.Token);
        try
        {
            try
            {
                await child.StandardInput.BaseStream.WriteAsync(pdf, limit.Token);
                child.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child ended before reading everything (it crashed or refused): its exit code says which.
            }

            await child.WaitForExitAsync(limit.Token);
            var cleaned = await output;
            await errors; // read only so that the child never blocks on a full pipe; never logged (see above)
            var code = child.ExitCode;
            if (code == 0 && cleaned is not null && cleaned.AsSpan().StartsWith("%PDF-"u8)) return cleaned;
            if (code > ExitRefused && Enum.IsDefined((PdfRefusal)(code - ExitRefused))) throw PdfContent.Refusal((PdfRefusal)(code - ExitRefused));
            Log(code == ExitTooComplex ? "over the memory limit" : code == ExitNoSandbox ? "could not confine itself" : cleaned is null && code == 0 ? "output too large" : "failed", code, started);
            throw TooComplex();
        }
        catch (OperationCanceledException)
        {
            Kill(child);
            await Observe(output, errors);
            if (ct.IsCancellationRequested) throw;
            Log("stopped at the time limit", null, started);
            throw TooComplex();
        }
        finally
        {
            // Whatever else went wrong here, no child outlives its upload.
            if (!child.HasExited) Kill(child);
        }
    }

    // Reads a stream to its end, at most max bytes; null when there was more (the rest is read and dropped, so the
    // child is not blocked on a full pipe).
    private static async Task<byte[]?> ReadCappedAsync(Stream stream, int max, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var over = false;
        int n;
        while ((n = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (over || buffer.Length + n > max)
            {
                over = true;
                continue;
            }

            buffer.Write(chunk, 0, n);
        }

        return over ? null : buffer.ToArray();
    }

    private static void Kill(Process child)
    {
        try
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static async Task Observe(params Task[] tasks)
    {
        foreach (var t in tasks)
        {
            try
            {
                await t;
            }
            catch (Exception)
            {
                // The pipes of a killed child end with cancellation or an I/O error; the outcome is already decided.
            }
        }
    }

    private void AnnounceSandbox()
    {
        var abi = PdfSandbox.Available();
        if (abi > 0) logger?.LogInformation("PDF cleaning children run confined by Landlock (ABI {Abi})", abi);
        else logger?.LogWarning("PDF cleaning children run unconfined: this kernel offers no Landlock (Linux 5.13 or later), so a parser exploit in a child could read what the server's user can read");
    }

    // Outcome, exit code and time only: nothing of the file (not even its size) reaches the log.
    private void Log(string outcome, int? exitCode, long started) =>
        logger?.LogWarning("PDF cleaning child {Outcome} (exit code {ExitCode}) after {Milliseconds} ms", outcome, exitCode, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private static DomainException TooComplex() =>
        new("file", "This PDF could not be checked in time: it is too large or too complex to be cleaned of hidden details. Nothing was saved; print it to a new PDF and attach that.");

    private static DomainException Busy() =>
        new("file", "Too many PDF files are being checked right now; nothing was saved. Try again in a minute.");

    public void Dispose() => _slots.Dispose();

    /// <summary>
    /// The child's side: reads one PDF from stdin (at most the upload limit), cleans it in this process and writes
    /// it to stdout. Exit code 0, or 10 + <see cref="PdfRefusal"/> for a refusal, 20 when the memory limit was hit.
    /// Writes nothing to stderr.
    /// </summary>
    public static int RunChild()
    {
        try
        {
            // Before the first byte of the upload is read (the first start restarts itself confined here).
            PdfSandbox.Enter();
        }
        catch (InvalidOperationException)
        {
            return ExitNoSandbox;
        }

        try
        {
            byte[] input;
            using (var stdin = Console.OpenStandardInput())
            {
                var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int n;
                while ((n = stdin.Read(chunk)) > 0)
                {
                    buffer.Write(chunk, 0, n);
                    if (buffer.Length > AttachmentContent.MaxBytes) return ExitRefused + (int)PdfRefusal.Unreadable;
                }

                input = buffer.ToArray();
            }

            var cleaned = PdfContent.Strip(input);
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(cleaned);
            stdout.Flush();
            return 0;
        }
        catch (DomainException ex)
        {
            return ExitRefused + (int)(PdfContent.RefusalOf(ex) ?? PdfRefusal.Unreadable);
        }
        catch (OutOfMemoryException)
        {
            return ExitTooComplex;
        }
        catch (Exception)
        {
            return ExitRefused + (int)PdfRefusal.Unreadable;
        }
    }

    /// <summary>The self-check (<see cref="ProbeArgument"/>): what the confined child may still do.</summary>
    public static int RunProbe(string path, int port)
    {
        if (!PdfSandbox.Enter()) return ProbeNoSandbox;
        var result = 0;
        try
        {
            using var file = File.OpenRead(path);
            file.ReadByte();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            result |= ProbeReadDenied;
        }

        try
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Connect(System.Net.IPAddress.Loopback, port);
        }
        catch (System.Net.Sockets.SocketException)
        {
            result |= ProbeConnectDenied;
        }

        // Sockets Landlock does not cover (UDP, Unix): the system-call filter refuses to create any.
        if (!CanCreate(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp)
            && !CanCreate(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            result |= ProbeSocketDenied;
        }

        // The same read from the finalizer's thread, which the runtime started before Main: Landlock confines a thread
        // and the threads it starts later, so only a process confined before the runtime started has it confined too.
        ReadOnFinalizerThread(path);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (!FinalizerRead.Succeeded) result |= ProbeEarlyThreadReadDenied;
        return result;
    }

    private static bool CanCreate(System.Net.Sockets.AddressFamily family, System.Net.Sockets.SocketType type, System.Net.Sockets.ProtocolType protocol)
    {
        try
        {
            using var socket = new System.Net.Sockets.Socket(family, type, protocol);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ReadOnFinalizerThread(string path) => _ = new FinalizerRead(path);

    private sealed class FinalizerRead(string path)
    {
        public static volatile bool Succeeded;

        ~FinalizerRead()
        {
            try
            {
                using var file = File.OpenRead(path);
                file.ReadByte();
                Succeeded = true;
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                // Refused: what the probe wants to see.
            }
        }
    }
}
