using System.Diagnostics;
using System.Globalization;
using Palermo.Cases;

namespace Palermo.Benchmarks.Cases;

/// <summary>
/// <c>pdf-clean APP_DIR FILE.pdf [RUNS=20]</c>: what cleaning an uploaded PDF in a child process adds per upload.
/// APP_DIR is a published Palermo.Web (<c>dotnet publish src/Palermo.Web -c Release -o APP_DIR</c>, ReadyToRun as
/// shipped). Prints wall-clock median / p90 / min of: the same file cleaned in this process (warm, what uploads cost
/// before), through the child (PdfCleaner, default limits), and the child's bare start (a 9-byte "PDF" it refuses at once);
/// then the text-under-boxes check alone (<see cref="PdfCoveredText"/>, on the file as PDFsharp opened it; opening is
/// not timed), which is part of the first two.
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
        Print("covered-text check", await MeasureAsync(runs, () =>
        {
            using var doc = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(pdf, writable: false), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
            var start = Stopwatch.GetTimestamp();
            var finding = PdfCoveredText.Find(doc);
            Checked.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return Task.FromResult(new[] { (byte)finding });
        }, timed: Checked));
        return 0;
    }

    private static readonly List<double> Checked = [];

    // `timed`: the work records its own times there (to leave its set-up out); otherwise each call is timed whole.
    private static async Task<List<double>> MeasureAsync(int runs, Func<Task<byte[]>> work, List<double>? timed = null)
    {
        var ms = new List<double>();
        await work(); // warm-up: JIT in this process, page cache for the child's files
        timed?.Clear();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await work();
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        if (timed is not null) ms = [.. timed];

        ms.Sort();
        return ms;
    }

    private static void Print(string what, List<double> ms) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-20} median {ms[ms.Count / 2],7:F1} ms   p90 {ms[(int)(ms.Count * 0.9)],7:F1} ms   min {ms[0],7:F1} ms"));
}
