using System.Runtime.InteropServices;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// How the web app starts its PDF cleaning child: the dotnet host that runs this process, <c>exec</c>, this app's own
/// assembly and the hidden <c>clean-pdf</c> argument (Program.cs). Works the same for <c>dotnet run</c>, a published
/// (ReadyToRun) app and the tests, and needs no extra file: the child uses this app's runtimeconfig and dependencies.
/// </summary>
public static class PdfCleanerChild
{
    public static IReadOnlyList<string> Command() => [DotnetHost(), "exec", typeof(PdfCleanerChild).Assembly.Location, Palermo.Cases.PdfCleaner.ChildArgument];

    // The host (muxer) that belongs to the running runtime, found from the runtime's own directory
    // (DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION/): the child is started with an empty environment, so neither
    // PATH nor DOTNET_ROOT may be needed to find it. An apphost (`dotnet run` starts bin/.../Palermo.Web) would need them.
    private static string DotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Path.GetFileName(Environment.ProcessPath) == name) return Environment.ProcessPath!;
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, name);
        return File.Exists(host) ? host : name;
    }
}
