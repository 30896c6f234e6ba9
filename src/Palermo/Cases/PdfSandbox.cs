using System.Runtime.InteropServices;

namespace Palermo.Cases;

/// <summary>
/// Confines the PDF cleaning child (<see cref="PdfCleaner.RunChild"/>) with Linux Landlock before it reads a byte of
/// the upload: from then on every thread of the process may open only the runtime's and the app's files, read-only,
/// and a few files describing the machine — not the key files, the SQLite database, the configuration, other users'
/// uploads or the server's /proc entries (where its memory and environment are) — may write, create, rename or delete
/// no file, may not bind or connect TCP sockets, connect to abstract Unix sockets or signal processes outside it, and
/// may not ptrace the server. So a PDF that exploits a parser bug to run code gets stdin, stdout and CPU time, and the
/// time and memory limits stop that. Because Landlock confines threads, not processes, the child restarts itself
/// confined (<see cref="Enter"/>). Landlock needs no privileges, no helper program and no configuration (kernel 5.13+;
/// networking 6.7+, scopes 6.12+; each part is used when the kernel has it). On a kernel without it the child runs
/// unconfined, as before, and the server says so in its log at the first upload (<see cref="Available"/>).
/// Already open descriptors (stdin, stdout, stderr) keep working: Landlock checks opening, not using.
/// </summary>
public static class PdfSandbox
{
    /// <summary>The Landlock ABI version the kernel offers, or 0 when it has none (or this is not Linux).</summary>
    public static int Available()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try
        {
            var version = CreateRuleset(IntPtr.Zero, 0, CreateRulesetVersion);
            return version > 0 ? (int)version : 0;
        }
        catch (EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Confines this process for the rest of its life — every thread of it. Landlock confines the calling thread and
    /// the threads it starts afterwards, never the ones already running, and by the time managed code runs the runtime
    /// has started several (the finalizer's among them), which could otherwise still read anything. So the first start
    /// confines its main thread and replaces itself (<c>execve</c>) with the same command: the new image's one thread
    /// inherits the confinement, and so does every thread the runtime then starts. The second start finds
    /// <see cref="RestartedVariable"/> and checks that it really is confined before it returns.
    /// Returns false when the kernel has no Landlock (nothing was changed); throws when Landlock is there but could not
    /// be applied or confirmed, so the child fails rather than run open. On success in the first start it does not
    /// return (the process continues as the second start).
    /// </summary>
    public static bool Enter()
    {
        if (Environment.GetEnvironmentVariable(RestartedVariable) is not null)
        {
            // The variable alone proves nothing: a confined process cannot list the root directory.
            if (!RootRefused()) throw Failure("confirm the confinement after restarting");
            return true;
        }

        var abi = Available();
        if (abi == 0) return false;
        // Everything the restart needs is read before the restriction: /proc is not open to the confined process.
        var exe = Environment.ProcessPath ?? throw Failure("find its own program");
        var argv = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None)[..^1];
        var envp = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").Append(RestartedVariable + "=1").ToArray();
        var ruleset = Ruleset(abi);
        try
        {
            // Landlock refuses to tighten a process that could regain privileges (setuid programs) unless it is told
            // that none will be gained; the child starts nothing but itself.
            if (Prctl(PrSetNoNewPrivs, 1, 0, 0, 0) != 0) throw Failure("set no_new_privs");
            if (RestrictSelf(ruleset, 0) != 0) throw Failure("restrict the process");
            // What Landlock does not cover (UDP and Unix sockets, tracing, io_uring …); inherited by the restart too.
            PdfSyscallFilter.Install();
        }
        finally
        {
            Close(ruleset);
        }

        Execve(exe, [.. argv, null], [.. envp, null]);
        throw Failure("restart confined");
    }

    /// <summary>Set in the environment of the confined restart (<see cref="Enter"/>).</summary>
    public const string RestartedVariable = "PALERMO_PDF_CONFINED";

    /// <summary>
    /// What the confined process may open: what a fresh start of the runtime and the app reads, file by file where
    /// that matters, all read-only. Never a directory's files wholesale where secrets could lie: a self-contained
    /// app's runtime directory is the app's own, which may hold appsettings or a data folder.
    /// </summary>
    private static int Ruleset(int abi)
    {
        var attr = new RulesetAttr
        {
            HandledAccessFs = HandledFs(abi),
            HandledAccessNet = abi >= 4 ? NetBindTcp | NetConnectTcp : 0,
            Scoped = abi >= 6 ? ScopeAbstractUnixSocket | ScopeSignal : 0,
        };
        // The structure grew with the ABI; an older kernel refuses fields it does not know.
        var size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
        var ruleset = (int)CreateRuleset(ref attr, (nuint)size, 0);
        if (ruleset < 0) throw Failure("create a ruleset");
        try
        {
            // The program and every library the runtime has mapped so far (the dotnet host, the dynamic loader, libc,
            // the host resolver and policy, the runtime, the JIT …): the restart loads the same ones.
            foreach (var file in MappedFiles()) AllowBeneath(ruleset, file, FsExecute | FsReadFile);

            // The runtime's native libraries (some loaded lazily) and every assembly the runtime may load.
            foreach (var file in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory()))
            {
                if (file.EndsWith(".so", StringComparison.Ordinal) || file.Contains(".so.", StringComparison.Ordinal)) AllowBeneath(ruleset, file, FsExecute | FsReadFile);
            }

            var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            foreach (var assembly in trusted) AllowBeneath(ruleset, assembly, FsExecute | FsReadFile);

            // The host reads the app's and each framework's runtimeconfig and deps files beside their assemblies.
            foreach (var directory in trusted.Select(Path.GetDirectoryName).Distinct().OfType<string>())
            {
                foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
                {
                    if (file.EndsWith(".deps.json", StringComparison.Ordinal) || file.EndsWith(".runtimeconfig.json", StringComparison.Ordinal)) AllowBeneath(ruleset, file, FsReadFile);
                }
            }

            // The host lists the installed resolvers and frameworks to pick versions: names only, no file contents.
            var shared = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", ".."));
            AllowBeneath(ruleset, shared, FsReadDir);
            AllowBeneath(ruleset, Path.Combine(Path.GetDirectoryName(shared) ?? shared, "host", "fxr"), FsReadDir);

            // What the loader and the runtime read about the machine as they start and run (the loader's cache, random
            // bytes, the CPUs, their caches and NUMA nodes, memory, cgroup limits) and about the process itself (its
            // memory map and mounts): nothing of the server's files. /proc/PID is the child's own.
            foreach (var file in SystemFiles) AllowBeneath(ruleset, file, FsReadFile);
            foreach (var directory in SystemDirectories) AllowBeneath(ruleset, directory, FsReadFile | FsReadDir);
            AllowBeneath(ruleset, $"/proc/{Environment.ProcessId}", FsReadFile);
            return ruleset;
        }
        catch
        {
            Close(ruleset);
            throw;
        }
    }

    private static readonly string[] SystemFiles = ["/etc/ld.so.cache", "/dev/urandom", "/proc/stat", "/proc/meminfo", "/proc/sys/vm/overcommit_memory"];

    private static readonly string[] SystemDirectories = ["/sys/devices/system/cpu", "/sys/devices/system/node", "/sys/fs/cgroup"];

    /// <summary>The files mapped into this process (its program, libraries and assemblies), from /proc/self/maps.</summary>
    private static IEnumerable<string> MappedFiles() =>
        File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 6 && f[5].StartsWith('/') && !f[5].EndsWith(" (deleted)", StringComparison.Ordinal) && !f[5].StartsWith("/memfd:", StringComparison.Ordinal))
            .Select(f => f[5])
            .Distinct(StringComparer.Ordinal);

    /// <summary>True when this process may not list the root directory: Landlock's doing, as no rule allows it.</summary>
    private static bool RootRefused()
    {
        var fd = Open("/", ODirectory | OCloexec);
        if (fd >= 0)
        {
            Close(fd);
            return false;
        }

        return Marshal.GetLastPInvokeError() == EAccess;
    }

    private static void AllowBeneath(int ruleset, string path, ulong access)
    {
        var fd = Open(path, OPath | OCloexec);
        if (fd < 0) return; // listed but absent (a trimmed framework): nothing to allow
        try
        {
            var rule = new PathBeneathAttr { AllowedAccess = access, ParentFd = fd };
            if (AddRule(ruleset, RulePathBeneath, ref rule, 0) != 0) throw Failure("allow the runtime's files");
        }
        finally
        {
            Close(fd);
        }
    }

    private static ulong HandledFs(int abi)
    {
        var fs = (1UL << 13) - 1; // ABI 1: execute … make_sym
        if (abi >= 2) fs |= 1UL << 13; // refer (rename and link across directories)
        if (abi >= 3) fs |= 1UL << 14; // truncate
        if (abi >= 5) fs |= 1UL << 15; // ioctl on devices
        return fs;
    }

    // The error number only: a path could name a user's upload folder, and it is not needed to act on the failure.
    private static InvalidOperationException Failure(string step) =>
        new($"The PDF cleaning sandbox could not {step} (errno {Marshal.GetLastPInvokeError()}).");

    private const uint CreateRulesetVersion = 1;
    private const int RulePathBeneath = 1;
    private const ulong FsExecute = 1UL << 0;
    private const ulong FsReadFile = 1UL << 2;
    private const ulong FsReadDir = 1UL << 3;
    private const ulong NetBindTcp = 1UL << 0;
    private const ulong NetConnectTcp = 1UL << 1;
    private const ulong ScopeAbstractUnixSocket = 1UL << 0;
    private const ulong ScopeSignal = 1UL << 1;
    private const int PrSetNoNewPrivs = 38;
    private const int OPath = 0x200000;
    private const int OCloexec = 0x80000;
    private const int ODirectory = 0x10000;
    private const int EAccess = 13;

    // The three Landlock system calls have the same numbers on every Linux architecture (444–446).
    private const long SysCreateRuleset = 444;
    private const long SysAddRule = 445;
    private const long SysRestrictSelf = 446;

    [StructLayout(LayoutKind.Sequential)]
    private struct RulesetAttr
    {
        public ulong HandledAccessFs;
        public ulong HandledAccessNet;
        public ulong Scoped;
    }

    // struct landlock_path_beneath_attr is packed: 12 bytes.
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct PathBeneathAttr
    {
        public ulong AllowedAccess;
        public int ParentFd;
    }

    private static long CreateRuleset(IntPtr attr, nuint size, uint flags) => SyscallCreate(SysCreateRuleset, attr, size, flags);

    private static long CreateRuleset(ref RulesetAttr attr, nuint size, uint flags) => SyscallCreate(SysCreateRuleset, ref attr, size, flags);

    private static long AddRule(int ruleset, int type, ref PathBeneathAttr rule, uint flags) => SyscallAddRule(SysAddRule, ruleset, type, ref rule, flags);

    private static long RestrictSelf(int ruleset, uint flags) => SyscallRestrict(SysRestrictSelf, ruleset, flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long SyscallCreate(long number, IntPtr attr, nuint size, uint flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long SyscallCreate(long number, ref RulesetAttr attr, nuint size, uint flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long SyscallAddRule(long number, int ruleset, int type, ref PathBeneathAttr rule, uint flags);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long SyscallRestrict(long number, int ruleset, uint flags);

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static extern int Execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] envp);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
