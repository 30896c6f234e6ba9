using System.Runtime.InteropServices;

namespace Palermo.Cases;

/// <summary>
/// Confines the PDF cleaning child (<see cref="PdfCleaner.RunChild"/>) with Linux Landlock before it reads a byte of
/// the upload: from then on the process may open only the runtime's and the app's assemblies, read-only, and nothing
/// else — not the key files, the SQLite database, the configuration, other users' uploads or /proc (where the
/// parent's memory and environment are) — may write, create, rename or delete no file, may not bind or connect TCP
/// sockets, connect to abstract Unix sockets or signal processes outside it, and may not ptrace the server. So a PDF
/// that exploits a parser bug to run code gets stdin, stdout and CPU time, and the time and memory limits stop that.
/// Landlock needs no privileges, no helper program and no configuration (kernel 5.13+; networking 6.7+, scopes
/// 6.12+; each part is used when the kernel has it). On a kernel without it the child runs unconfined, as before,
/// and the server says so in its log at the first upload (<see cref="Available"/>).
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
    /// Restricts this process for the rest of its life. Returns false when the kernel has no Landlock (nothing was
    /// changed); throws when Landlock is there but could not be applied, so the child fails rather than run open.
    /// </summary>
    public static bool Apply()
    {
        var abi = Available();
        if (abi == 0) return false;
        var attr = new RulesetAttr
        {
            HandledAccessFs = HandledFs(abi),
            HandledAccessNet = abi >= 4 ? NetBindTcp | NetConnectTcp : 0,
            Scoped = abi >= 6 ? ScopeAbstractUnixSocket | ScopeSignal : 0,
        };
        // The structure grew with the ABI; an older kernel refuses fields it does not know.
        var size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
        var ruleset = CreateRuleset(ref attr, (nuint)size, 0);
        if (ruleset < 0) throw Failure("create a ruleset");
        try
        {
            // The runtime's native libraries (loaded lazily too) and every assembly the runtime may load, file by file —
            // never a directory: a self-contained app's runtime directory is the app's own, which may hold appsettings
            // or a data folder.
            foreach (var file in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory()))
            {
                if (file.EndsWith(".so", StringComparison.Ordinal) || file.Contains(".so.", StringComparison.Ordinal)) AllowBeneath((int)ruleset, file, FsExecute | FsReadFile);
            }

            var trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            foreach (var assembly in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                AllowBeneath((int)ruleset, assembly, FsExecute | FsReadFile);
            }

            // A few system files the runtime reads as it goes (random bytes for hashing seeds and GUIDs, the CPU
            // count, the memory overcommit policy); each alone, read-only, and nothing else of /proc or /sys.
            foreach (var file in RuntimeSystemFiles) AllowBeneath((int)ruleset, file, FsReadFile);

            // Landlock refuses to tighten a process that could regain privileges (setuid programs) unless it is told
            // that none will be gained; the child starts no program anyway.
            if (Prctl(PrSetNoNewPrivs, 1, 0, 0, 0) != 0) throw Failure("set no_new_privs");
            if (RestrictSelf((int)ruleset, 0) != 0) throw Failure("restrict the process");
            return true;
        }
        finally
        {
            Close((int)ruleset);
        }
    }

    private static readonly string[] RuntimeSystemFiles = ["/dev/urandom", "/proc/stat", "/sys/devices/system/cpu/possible", "/sys/devices/system/cpu/online", "/proc/sys/vm/overcommit_memory"];

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
    private const ulong NetBindTcp = 1UL << 0;
    private const ulong NetConnectTcp = 1UL << 1;
    private const ulong ScopeAbstractUnixSocket = 1UL << 0;
    private const ulong ScopeSignal = 1UL << 1;
    private const int PrSetNoNewPrivs = 38;
    private const int OPath = 0x200000;
    private const int OCloexec = 0x80000;

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

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
