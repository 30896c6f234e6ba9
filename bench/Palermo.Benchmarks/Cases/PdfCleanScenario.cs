using System.Diagnostics;
using System.Globalization;
using Palermo.Cases;

namespace Palermo.Benchmarks.Cases;

/// <summary>
/// <c>pdf-clean APP_DIR FILE.pdf [RUNS=20]</c>: what cleaning an uploaded PDF in a child process adds per upload.
/// APP_DIR is a published Palermo.Web (<c>dotnet publish src/Palermo.Web -c Release -o APP_DIR</c>, ReadyToRun as
/// shipped). Prints wall-clock median / p90 / min of: the same file cleaned in this process (warm, what uploads cost
/// before), through the child (PdfCleaner, default limits), and the child's bare start (a 9-byte "PDF" it refuses at once).
/// Runs one after another, never in parallel.
/// </summary>
public static class PdfCleanScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var app = Path.GetFullPath(args[0]);
        var pdf = File.ReadAllBytes(args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var host = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        using var cleaner = new PdfCleaner(new PdfCleanerOptions { ChildCommand = [host, "exec", Path.Combine(app, "Palermo.Web.dll"), PdfCleaner.ChildArgument] });
        Console.WriteLine($"file {pdf.Length / 1024} KB, {runs} runs each");
        var cleaned = PdfContent.Strip(pdf);
        Print("in process (warm)", await MeasureAsync(runs, () => Task.FromResult(PdfContent.Strip(pdf))));
        if (!(await cleaner.CleanAsync(pdf)).AsSpan().SequenceEqual(cleaned)) Console.WriteLine("note: the child's output differs from the in-process output (random XMP ids)");
        Print("child process", await MeasureAsync(runs, () => cleaner.CleanAsync(pdf)));
        Print("child bare start", await MeasureAsync(runs, async () =>
        {
            try
            {
                return await cleaner.CleanAsync("%PDF-1.4\n"u8.ToArray());
            }
            catch (DomainException)
            {
                return [];
            }
        }));
        return 0;
    }

    private static async Task<List<double>> MeasureAsync(int runs, Func<Task<byte[]>> work)
    {
        var ms = new List<double>();
        await work(); // warm-up: JIT in this process, page cache for the child's files
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await work();
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        ms.Sort();
        return ms;
    }

    private static void Print(string what, List<double> ms) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-20} median {ms[ms.Count / 2],7:F1} ms   p90 {ms[(int)(ms.Count * 0.9)],7:F1} ms   min {ms[0],7:F1} ms"));
}
