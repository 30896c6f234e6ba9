using System.Runtime.InteropServices;

namespace Palermo.Cases;

/// <summary>
/// The second half of the PDF cleaning child's confinement (<see cref="PdfSandbox"/>): a seccomp filter refusing the
/// system calls that Landlock does not cover and the child never needs — creating any socket (Landlock governs TCP
/// only, so UDP and pathname Unix sockets would otherwise stay open to exploited code), tracing or reading another
/// process's memory, io_uring, BPF, performance counters, userfaultfd and the kernel keyring. Each is answered with
/// EPERM, so the runtime sees an ordinary failure. Installed on the main thread just before the confined restart and
/// inherited across <c>execve</c> (no_new_privs is set), so every thread of the restarted child has it.
/// x86-64 and arm64 only (their numbers are below); elsewhere <see cref="Install"/> returns false and the child keeps
/// its Landlock rules alone. A call from another architecture's ABI (x32, or 32-bit code) kills the process.
/// </summary>
internal static class PdfSyscallFilter
{
    /// <summary>Installs the filter on the calling thread; false when this architecture has no list here.</summary>
    public static bool Install()
    {
        var (arch, refused) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (AuditArchX8664, X64),
            Architecture.Arm64 => (AuditArchAarch64, Arm64),
            _ => (0u, []),
        };
        if (refused.Length == 0) return false;

        var program = new List<SockFilter>
        {
            Load(ArchOffset),
            // Not the architecture the numbers below are for: kill rather than judge a call by the wrong table.
            Jump(JeqK, arch, 1, 0),
            Return(RetKillProcess),
            Load(NrOffset),
        };
        if (arch == AuditArchX8664)
        {
            // The x32 ABI reaches the same kernel functions under numbers with this bit set.
            program.Add(Jump(JgeK, X32SyscallBit, 0, 1));
            program.Add(Return(RetKillProcess));
        }

        // One test per refused call: equal → jump to the EPERM return after the list, else fall through to the next.
        for (var i = 0; i < refused.Length; i++) program.Add(Jump(JeqK, refused[i], (byte)(refused.Length - i), 0));
        program.Add(Return(RetAllow));
        program.Add(Return(RetErrno | EPerm));

        var filters = program.ToArray();
        var handle = GCHandle.Alloc(filters, GCHandleType.Pinned);
        try
        {
            var fprog = new SockFprog { Length = (ushort)filters.Length, Filter = handle.AddrOfPinnedObject() };
            if (Prctl(PrSetSeccomp, SeccompModeFilter, ref fprog, 0, 0) != 0)
            {
                throw new InvalidOperationException($"The PDF cleaning sandbox could not install its system-call filter (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            handle.Free();
        }

        return true;
    }

    // socket, socketpair, ptrace, process_vm_readv, process_vm_writev, io_uring_setup, bpf, perf_event_open,
    // userfaultfd, add_key, request_key, keyctl — in that order on each architecture.
    private static readonly uint[] X64 = [41, 53, 101, 310, 311, 425, 321, 298, 323, 248, 249, 250];
    private static readonly uint[] Arm64 = [198, 199, 117, 270, 271, 425, 280, 241, 282, 217, 218, 219];

    private const uint AuditArchX8664 = 0xC000003E;
    private const uint AuditArchAarch64 = 0xC00000B7;
    private const uint X32SyscallBit = 0x40000000;
    private const uint NrOffset = 0; // struct seccomp_data: int nr; __u32 arch; …
    private const uint ArchOffset = 4;
    private const ushort LdWAbs = 0x20; // BPF_LD | BPF_W | BPF_ABS
    private const ushort JeqK = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JgeK = 0x35; // BPF_JMP | BPF_JGE | BPF_K
    private const ushort RetK = 0x06; // BPF_RET | BPF_K
    private const uint RetAllow = 0x7FFF0000;
    private const uint RetErrno = 0x00050000;
    private const uint RetKillProcess = 0x80000000;
    private const uint EPerm = 1;
    private const int PrSetSeccomp = 22;
    private const ulong SeccompModeFilter = 2;

    private static SockFilter Load(uint offset) => new() { Code = LdWAbs, K = offset };

    private static SockFilter Jump(ushort code, uint value, byte ifTrue, byte ifFalse) => new() { Code = code, Jt = ifTrue, Jf = ifFalse, K = value };

    private static SockFilter Return(uint action) => new() { Code = RetK, K = action };

    [StructLayout(LayoutKind.Sequential)]
    private struct SockFilter
    {
        public ushort Code;
        public byte Jt;
        public byte Jf;
        public uint K;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SockFprog
    {
        public ushort Length;
        public IntPtr Filter;
    }

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, ulong mode, ref SockFprog program, ulong arg4, ulong arg5);
}
