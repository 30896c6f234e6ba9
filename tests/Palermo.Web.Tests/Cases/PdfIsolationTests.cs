using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>
/// Uploaded PDFs are cleaned by a child process with limits (PdfCleaner): a file that exceeds the time or memory
/// limit is a field error with nothing saved, the server keeps answering, a normal PDF is cleaned through the child,
/// and the child's environment holds no secret.
/// </summary>
public sealed partial class PdfIsolationTests : IClassFixture<PdfIsolationTests.World>
{
    private const string MasterKey = "q2b6ZC1hM0Y0c2VjcmV0LW1hc3Rlci1rZXktMzJieXQ="; // 32 bytes, base64
    private readonly World _w;

    public PdfIsolationTests(World w) => _w = w;

    /// <summary>Two instances: one whose child has 1 ms to finish (never enough to start), one with a 64 MB heap.</summary>
    public sealed class World : IAsyncLifetime
    {
        public Instance Hurried { get; } = new(new Dictionary<string, string> { ["Attachments:PdfTimeoutSeconds"] = "0.001" });
        public Instance Frugal { get; } = new(new Dictionary<string, string> { ["Attachments:PdfMemoryLimitMB"] = "64", ["Keys:MasterKey"] = MasterKey });

        public async ValueTask InitializeAsync()
        {
            await Hurried.StartAsync();
            await Frugal.StartAsync();
        }

        public ValueTask DisposeAsync()
        {
            Hurried.Web.Dispose();
            Frugal.Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Instance(IReadOnlyDictionary<string, string> settings)
    {
        public PalermoApplication Web { get; } = new(settings: settings);
        public HttpClient Worker { get; private set; } = null!;
        public Guid CaseId { get; private set; }

        public async Task StartAsync()
        {
            Worker = await Web.SignInAsAsync(Role.CaseWorker);
            var res = await Worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input());
            CaseId = (await res.Content.ReadFromJsonAsync<RegisteredCase>())!.CaseId;
        }
    }

    [Fact]
    public async Task Pdf_CleanerOverItsTimeLimit_IsAFieldError_NothingSaved_ServerStillAnswers()
    {
        var ct = TestContext.Current.CancellationToken;
        var i = _w.Hurried;
        var page = await UploadAsync(i, "statement.pdf", AuthoredPdf());
        Assert.Contains("id=\"file-error\"", page, StringComparison.Ordinal);
        Assert.Contains("could not be checked in time", page, StringComparison.Ordinal);
        Assert.DoesNotContain("File attached.", page, StringComparison.Ordinal);
        var api = await i.Worker.PostAsJsonAsync($"/api/v1/cases/{i.CaseId}/attachments", new { fileName = "statement.pdf", contentType = "application/pdf", content = AuthoredPdf() }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("\"content\"", await api.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(0, await CountFilesAsync(i));

        // The server answers at once, and files that need no PDF parser are still accepted.
        Assert.Equal(HttpStatusCode.OK, (await i.Web.Browser().GetAsync("/health", ct)).StatusCode);
        Assert.Contains("File attached.", await UploadAsync(i, "note.txt", "text/plain", "Arrived at the shelter."u8.ToArray()), StringComparison.Ordinal);
        Assert.Equal(1, await CountFilesAsync(i));
        // The log says what happened without anything of the file.
        Assert.Contains(i.Web.Logs.Lines, l => l.Contains("stopped at the time limit", StringComparison.Ordinal));
        Assert.DoesNotContain(i.Web.Logs.Lines, l => l.Contains("Okafor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pdf_DecompressionBombOverTheMemoryLimit_IsAFieldError_NothingSaved_ThenANormalPdfIsCleaned()
    {
        var ct = TestContext.Current.CancellationToken;
        var i = _w.Frugal;
        var before = await CountFilesAsync(i);
        // 48 MB of blanks in a compressed object stream: a 50 KB upload that the nesting check inflates (its 64 MB
        // budget allows it), past the child's 64 MB heap (the buffer doubles from 32 to 64 MB).
        var page = await UploadAsync(i, "bomb.pdf", Bomb(48 << 20));
        Assert.Contains("id=\"file-error\"", page, StringComparison.Ordinal);
        Assert.Contains("too large or too complex", page, StringComparison.Ordinal);
        Assert.Equal(before, await CountFilesAsync(i));
        Assert.Contains(i.Web.Logs.Lines, l => l.Contains("over the memory limit", StringComparison.Ordinal));

        // A PDF as an office program writes it goes through the same child and comes back without its author.
        var original = AuthoredPdf();
        Assert.Contains("Okafor", Encoding.Latin1.GetString(original), StringComparison.Ordinal);
        var res = await i.Worker.PostAsJsonAsync($"/api/v1/cases/{i.CaseId}/attachments", new { fileName = "statement.pdf", contentType = "application/pdf", content = original }, ct);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var id = (await res.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
        var stored = await i.Worker.GetByteArrayAsync($"/api/v1/cases/{i.CaseId}/attachments/{id}", ct);
        Assert.DoesNotContain("Okafor", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        using var reopened = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(stored), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        Assert.Equal(2, reopened.PageCount);
        Assert.Equal("", reopened.Info.Author);

        // Refusals keep their own messages through the child: a password-protected PDF.
        using var locked = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(original), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Modify);
        locked.SecuritySettings.UserPassword = "secret";
        var lockedBytes = new MemoryStream();
        locked.Save(lockedBytes, false);
        Assert.Contains("Password-protected or encrypted", await UploadAsync(i, "locked.pdf", lockedBytes.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_WithAnEmbeddedVideo_IsRefusedThroughTheChild_WithItsOwnMessage_NothingSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        var i = _w.Frugal;
        var before = await CountFilesAsync(i);
        var video = VideoPdf();
        var page = await UploadAsync(i, "statement.pdf", video);
        Assert.Contains("id=\"file-error\"", page, StringComparison.Ordinal);
        Assert.Contains("embedded sound, video or 3D media", page, StringComparison.Ordinal);
        Assert.Contains("Print the document to a new PDF", page, StringComparison.Ordinal);
        Assert.DoesNotContain("File attached.", page, StringComparison.Ordinal);
        var api = await i.Worker.PostAsJsonAsync($"/api/v1/cases/{i.CaseId}/attachments", new { fileName = "statement.pdf", contentType = "application/pdf", content = video }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        var problem = await api.Content.ReadAsStringAsync(ct);
        Assert.Contains("\"content\"", problem, StringComparison.Ordinal);
        Assert.Contains("embedded sound, video or 3D media", problem, StringComparison.Ordinal);
        Assert.Equal(before, await CountFilesAsync(i));
        Assert.DoesNotContain(i.Web.Logs.Lines, l => l.Contains("Okafor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pdf_WithANameUnderABlackBox_IsRefusedThroughTheChild_WithItsOwnMessage_NothingSaved_TheUnboxedPageIsStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var i = _w.Frugal;
        var before = await CountFilesAsync(i);
        var boxed = TextPdf("0 g 70 695 160 18 re f");
        var page = await UploadAsync(i, "statement.pdf", boxed);
        Assert.Contains("id=\"file-error\"", page, StringComparison.Ordinal);
        Assert.Contains("text hidden under drawn boxes", page, StringComparison.Ordinal);
        Assert.Contains("Use a real redaction tool", page, StringComparison.Ordinal);
        Assert.DoesNotContain("File attached.", page, StringComparison.Ordinal);
        var api = await i.Worker.PostAsJsonAsync($"/api/v1/cases/{i.CaseId}/attachments", new { fileName = "statement.pdf", contentType = "application/pdf", content = boxed }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        var problem = await api.Content.ReadAsStringAsync(ct);
        Assert.Contains("\"content\"", problem, StringComparison.Ordinal);
        Assert.Contains("text hidden under drawn boxes", problem, StringComparison.Ordinal);
        Assert.Equal(before, await CountFilesAsync(i));
        Assert.DoesNotContain(i.Web.Logs.Lines, l => l.Contains("Okafor", StringComparison.Ordinal));

        // The same page with the box beside the name goes through the same child and is stored with its text.
        Assert.Contains("File attached.", await UploadAsync(i, "statement.pdf", TextPdf("0 g 70 600 160 18 re f")), StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountFilesAsync(i));
    }

    // A page with a name in 14-point Helvetica at (72, 700), then what `after` draws.
    private static byte[] TextPdf(string after)
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        var page = doc.AddPage();
        var font = new PdfSharp.Pdf.PdfDictionary(doc);
        font.Elements.SetName("/Type", "/Font");
        font.Elements.SetName("/Subtype", "/Type1");
        font.Elements.SetName("/BaseFont", "/Helvetica");
        doc.Internals.AddObject(font);
        page.Resources.Elements["/Font"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/F1"] = font.ReferenceNotNull } };
        var content = page.Contents.AppendContent();
        content.CreateStream(Encoding.Latin1.GetBytes($"BT /F1 14 Tf 72 700 Td (Ngozi Okafor) Tj ET {after}"));
        var output = new MemoryStream();
        doc.Save(output, false);
        return output.ToArray();
    }

    [Fact]
    public async Task Child_GetsOnlyRuntimeSettings_NoConnectionStringNoKeyNoPalermoVariables_NoOpenFiles()
    {
        var i = _w.Frugal;
        var cleaner = i.Web.Services.GetRequiredService<PdfCleaner>();
        var settings = i.Web.Services.GetRequiredService<Palermo.Data.PalermoSettings>();
        var psi = cleaner.ChildStartInfo();
        Assert.Equal(["exec", typeof(Program).Assembly.Location, "clean-pdf"], psi.ArgumentList);
        Assert.Equal(["DOTNET_EnableDiagnostics", "DOTNET_GCHeapHardLimit", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_TieredPGO", "DOTNET_gcConcurrent"],
            psi.Environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("4000000", psi.Environment["DOTNET_GCHeapHardLimit"]); // 64 MB

        // What a process started this way really sees, even with a PALERMO__ variable in this process.
        Environment.SetEnvironmentVariable("PALERMO__PdfIsolationTests__Canary", "canary-value");
        try
        {
            psi = cleaner.ChildStartInfo();
        }
        finally
        {
            Environment.SetEnvironmentVariable("PALERMO__PdfIsolationTests__Canary", null);
        }

        psi.FileName = "/usr/bin/env";
        psi.ArgumentList.Clear();
        using var env = Process.Start(psi)!;
        env.StandardInput.Close();
        var seen = await env.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await env.WaitForExitAsync(TestContext.Current.CancellationToken);
        var names = seen.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]).Order(StringComparer.Ordinal);
        Assert.Equal(psi.Environment.Keys.Order(StringComparer.Ordinal), names);
        foreach (var secret in new[] { MasterKey, settings.ConnectionString, settings.DataDir, settings.KeysDir, "canary-value" })
        {
            Assert.DoesNotContain(secret, seen, StringComparison.Ordinal);
        }

        // Nor does it inherit a file the server opened (the SQLite database and its WAL, the key files, a socket): .NET
        // and SQLite open them close-on-exec. (Descriptors the server itself inherited from whatever started it may pass.)
        Assert.Equal(HttpStatusCode.OK, (await i.Worker.GetAsync($"/api/v1/cases/{i.CaseId}", TestContext.Current.CancellationToken)).StatusCode);
        psi.FileName = "/bin/ls";
        psi.ArgumentList.Add("-l");
        psi.ArgumentList.Add("/proc/self/fd/");
        using var ls = Process.Start(psi)!;
        ls.StandardInput.Close();
        var fds = await ls.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await ls.WaitForExitAsync(TestContext.Current.CancellationToken);
        var targets = fds.Split('\n').Where(l => l.Contains(" -> ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(" -> ", StringComparison.Ordinal) + 4)..]).ToList();
        Assert.True(targets.Count(t => t.StartsWith("pipe:", StringComparison.Ordinal)) >= 3, fds); // stdin, stdout, stderr
        Assert.All(targets, t => Assert.False(t.StartsWith(settings.DataDir, StringComparison.Ordinal) || t.StartsWith(settings.KeysDir, StringComparison.Ordinal)
            || t.StartsWith("socket:", StringComparison.Ordinal) || t.EndsWith(".db", StringComparison.Ordinal), t));
    }

    /// <summary>
    /// The child confines itself (Landlock) before it reads the upload: started exactly as the cleaning child (same
    /// host, assembly, environment), in its self-check mode, it can neither read the server's key file or database
    /// nor connect to a port on this machine — both of which this test process can.
    /// </summary>
    [Fact]
    public async Task Child_IsConfined_CannotReadTheKeyFileOrTheDatabase_NorConnectToAPort()
    {
        var ct = TestContext.Current.CancellationToken;
        var i = _w.Frugal;
        if (PdfSandbox.Available() == 0)
        {
            if (TestEnv.RequireAll) Assert.Fail("PALERMO_REQUIRE_ALL=1 but this kernel offers no Landlock.");
            Assert.Skip("This kernel offers no Landlock: the PDF cleaning child runs unconfined here.");
        }

        // The instance without a configured master key keeps it in a file of its keys folder.
        var settings = _w.Hurried.Web.Services.GetRequiredService<Palermo.Data.PalermoSettings>();
        var keyFile = Directory.EnumerateFiles(settings.KeysDir, "*", SearchOption.AllDirectories).First();
        var database = Path.Combine(settings.DataDir, "palermo.db");
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        foreach (var path in new[] { keyFile, database })
        {
            // This process can: what the child is refused is the sandbox's doing.
            Assert.NotEmpty(await File.ReadAllBytesAsync(path, ct));
            using (var client = new System.Net.Sockets.TcpClient())
            {
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
            }

            var psi = i.Web.Services.GetRequiredService<PdfCleaner>().ChildStartInfo();
            psi.ArgumentList[^1] = PdfCleaner.ProbeArgument;
            psi.ArgumentList.Add(path);
            psi.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var probe = Process.Start(psi)!;
            probe.StandardInput.Close();
            await probe.WaitForExitAsync(ct);
            Assert.Equal(PdfCleaner.ProbeReadDenied | PdfCleaner.ProbeConnectDenied | PdfCleaner.ProbeEarlyThreadReadDenied | PdfCleaner.ProbeSocketDenied, probe.ExitCode);
        }

        // And the server's log says the children are confined, once the first PDF went through one.
        var res = await i.Worker.PostAsJsonAsync($"/api/v1/cases/{i.CaseId}/attachments", new { fileName = "statement.pdf", contentType = "application/pdf", content = AuthoredPdf() }, ct);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Contains(i.Web.Logs.Lines, l => l.Contains("PDF cleaning children run confined by Landlock", StringComparison.Ordinal));
    }

    // A two-page PDF with its author in the information dictionary and the XMP packet.
    private static byte[] AuthoredPdf()
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        doc.Info.Author = "Ngozi Okafor";
        doc.AddPage();
        doc.AddPage();
        var output = new MemoryStream();
        doc.Save(output, false);
        return output.ToArray();
    }

    // A page with a Screen annotation that plays an embedded phone video (as Acrobat's video tool writes it): the
    // video's own atoms name the phone and where it was recorded.
    private static byte[] VideoPdf()
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        var page = doc.AddPage();
        var video = new PdfSharp.Pdf.PdfDictionary(doc);
        video.Elements.SetName("/Type", "/EmbeddedFile");
        video.CreateStream("ftypmp42 moov udta \u00a9xyz+06.4550+003.3941/ \u00a9mod iPhone 12 of Ngozi Okafor"u8.ToArray());
        doc.Internals.AddObject(video);
        var file = new PdfSharp.Pdf.PdfDictionary(doc);
        file.Elements.SetName("/Type", "/Filespec");
        file.Elements.SetString("/F", "interview.mp4");
        file.Elements["/EF"] = new PdfSharp.Pdf.PdfDictionary(doc) { Elements = { ["/F"] = video.ReferenceNotNull } };
        var clip = new PdfSharp.Pdf.PdfDictionary(doc);
        clip.Elements.SetName("/S", "/MCD");
        clip.Elements["/D"] = file;
        var rendition = new PdfSharp.Pdf.PdfDictionary(doc);
        rendition.Elements.SetName("/S", "/MR");
        rendition.Elements["/C"] = clip;
        var play = new PdfSharp.Pdf.PdfDictionary(doc);
        play.Elements.SetName("/S", "/Rendition");
        play.Elements["/R"] = rendition;
        var screen = new PdfSharp.Pdf.PdfDictionary(doc);
        screen.Elements.SetName("/Type", "/Annot");
        screen.Elements.SetName("/Subtype", "/Screen");
        screen.Elements["/Rect"] = new PdfSharp.Pdf.PdfArray(doc, new PdfSharp.Pdf.PdfInteger(72), new PdfSharp.Pdf.PdfInteger(400), new PdfSharp.Pdf.PdfInteger(372), new PdfSharp.Pdf.PdfInteger(600));
        screen.Elements["/A"] = play;
        doc.Internals.AddObject(screen);
        page.Elements["/Annots"] = new PdfSharp.Pdf.PdfArray(doc, screen.ReferenceNotNull);
        var output = new MemoryStream();
        doc.Save(output, false);
        return output.ToArray();
    }

    // A PDF whose only object stream inflates to `size` bytes of blanks.
    private static byte[] Bomb(int size)
    {
        var zipped = new MemoryStream();
        using (var z = new ZLibStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write("3 0 "u8);
            var blanks = new byte[1 << 20];
            Array.Fill(blanks, (byte)' ');
            for (var n = 0; n < size; n += blanks.Length) z.Write(blanks);
        }

        return [.. Encoding.Latin1.GetBytes($"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {zipped.Length} >>\nstream\n"),
            .. zipped.ToArray(), .. "\nendstream\nendobj\n%%EOF\n"u8];
    }

    private static async Task<int> CountFilesAsync(Instance i)
    {
        var view = await i.Worker.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{i.CaseId}", TestContext.Current.CancellationToken);
        return view.GetProperty("attachments").GetArrayLength();
    }

    private static Task<string> UploadAsync(Instance i, string name, byte[] content) => UploadAsync(i, name, "application/pdf", content);

    private static async Task<string> UploadAsync(Instance i, string name, string type, byte[] content)
    {
        var ct = TestContext.Current.CancellationToken;
        var token = AntiforgeryField().Match(await i.Worker.GetStringAsync($"/Cases/Attachments/{i.CaseId}", ct)).Groups[1].Value;
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        using var form = new MultipartFormDataContent { { new StringContent(token), "__af" }, { file, "file", name } };
        var res = await i.Worker.PostAsync($"/Cases/Attachments/{i.CaseId}", form, ct);
        // Attached: redirected to the page's own address (Post/Redirect/Get); refused: the page with the field error.
        if (res.StatusCode == HttpStatusCode.SeeOther) res = await PalermoApplication.FollowAsync(i.Worker, res, $"/Cases/Attachments/{i.CaseId}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        return WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(ct));
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
