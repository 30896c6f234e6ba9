using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Cases;

/// <summary>Notes and files through the real case pages: forms, field errors, download headers, nothing in the logs.</summary>
public sealed partial class CaseFilesPageTests : IClassFixture<CaseFilesPageTests.World>
{
    private readonly World _w;

    public CaseFilesPageTests(World w) => _w = w;

    public sealed class World : IAsyncLifetime
    {
        public PalermoApplication Web { get; } = new();
        public HttpClient Worker { get; private set; } = null!;
        public Guid CaseId { get; private set; }

        public async ValueTask InitializeAsync()
        {
            Worker = await Web.SignInAsAsync(Role.CaseWorker);
            var res = await Worker.PostAsJsonAsync("/api/v1/cases", CaseAccessMatrixTests.Input());
            CaseId = (await res.Content.ReadFromJsonAsync<RegisteredCase>())!.CaseId;
        }

        public ValueTask DisposeAsync()
        {
            Web.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Note_AddedOnTheCasePage_IsShown_EmptyNoteNamesTheField()
    {
        var url = $"/Cases/View/{_w.CaseId}";
        var posted = await PalermoApplication.PostFormAsync(_w.Worker, url, new() { ["NoteText"] = "Met at the station.\nNeeds an interpreter." }, "Note");
        // Saved: back to the case page's own address, so a reload cannot add the note twice; the notice shows once.
        var res = await PalermoApplication.FollowAsync(_w.Worker, posted, url);
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Note added.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Note added.", await _w.Worker.GetStringAsync(url, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("Met at the station.\nNeeds an interpreter.", page, StringComparison.Ordinal);

        var empty = await PalermoApplication.PostFormAsync(_w.Worker, url, new() { ["NoteText"] = "  " }, "Note");
        var html = await empty.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("id=\"text-error\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"text-error\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attachment_UploadedThroughThePage_DownloadsAsAttachment_NameNeverLogged()
    {
        var text = "Witness statement, page 1"u8.ToArray();
        var page = await UploadAsync("statement-Okafor.txt", "text/plain", text);
        Assert.Contains("File attached.", page, StringComparison.Ordinal);
        var link = DownloadLink().Match(page);
        Assert.True(link.Success);
        var download = await _w.Worker.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("statement-Okafor.txt", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", string.Join(",", download.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(download.Headers.CacheControl!.NoStore);
        Assert.Equal(text, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(_w.Web.Logs.Lines, l => l.Contains("Okafor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attachment_SpoofedType_IsAFieldError_AndNothingIsListed()
    {
        var before = await CountFilesAsync();
        var page = await UploadAsync("photo.jpg", "image/jpeg", "%PDF-1.4 not a photo"u8.ToArray());
        Assert.Contains("id=\"file-error\"", page, StringComparison.Ordinal);
        Assert.Contains("its content is Pdf", page, StringComparison.Ordinal);
        Assert.Equal(before, await CountFilesAsync());
    }

    [Fact]
    public async Task Attachment_OverTheLimit_Is413_ApiAcceptsBase64()
    {
        using var form = new MultipartFormDataContent { { new StringContent(await TokenAsync()), "__af" }, { new ByteArrayContent(new byte[7 * 1024 * 1024]), "file", "big.pdf" } };
        var res = await _w.Worker.PostAsync($"/Cases/Attachments/{_w.CaseId}", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);

        var png = Convert.FromHexString("89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000A49444154789C6300010000050001");
        png = [.. png, .. Convert.FromHexString("0D0A2DB40000000049454E44AE426082")];
        var api = await _w.Worker.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/attachments", new { fileName = "x.png", contentType = "image/png", content = png }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, api.StatusCode);
        var spoofed = await _w.Worker.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/attachments", new { fileName = "x.png", contentType = "image/png", content = "hello"u8.ToArray() }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, spoofed.StatusCode);
        Assert.Contains("\"content\"", await spoofed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attachment_DeletedAfterTheConfirmationStep_IsGone_ApiDeleteIs204ThenNotFound()
    {
        var page = await UploadAsync("delete-me.txt", "text/plain", "Old draft"u8.ToArray());
        var before = await CountFilesAsync();
        var confirmLink = ConfirmDeleteLink().Match(page);
        Assert.True(confirmLink.Success);
        var confirm = WebUtility.HtmlDecode(await _w.Worker.GetStringAsync(WebUtility.HtmlDecode(confirmLink.Groups[1].Value), TestContext.Current.CancellationToken));
        Assert.Contains("Delete this file?", confirm, StringComparison.Ordinal);
        Assert.Contains("delete-me.txt", confirm, StringComparison.Ordinal);
        Assert.Equal(before, await CountFilesAsync()); // the confirmation page deletes nothing
        var action = DeleteForm().Match(confirm);
        Assert.True(action.Success, "no POST form for the deletion");
        var token = AntiforgeryField().Match(confirm).Groups[1].Value;
        var res = await PalermoApplication.FollowAsync(_w.Worker,
            await _w.Worker.PostAsync(action.Groups[1].Value, new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token }), TestContext.Current.CancellationToken),
            $"/Cases/Attachments/{_w.CaseId}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Contains("File deleted.", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(before - 1, await CountFilesAsync());

        // Without the antiforgery token nothing happens.
        var noToken = await _w.Worker.PostAsync(action.Groups[1].Value, new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, noToken.StatusCode);

        var api = await _w.Worker.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/attachments", new { fileName = "y.txt", contentType = "text/plain", content = "draft"u8.ToArray() }, TestContext.Current.CancellationToken);
        var id = (await api.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await _w.Worker.DeleteAsync($"/api/v1/cases/{_w.CaseId}/attachments/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Worker.DeleteAsync($"/api/v1/cases/{_w.CaseId}/attachments/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _w.Worker.GetAsync($"/api/v1/cases/{_w.CaseId}/attachments/{id}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Pdf_UploadedThroughTheApi_DownloadsWithoutItsAuthorAndXmp()
    {
        // A PDF as an office program writes it: the author in the information dictionary and in the XMP packet.
        using var doc = new PdfSharp.Pdf.PdfDocument();
        doc.Info.Author = "Ngozi Okafor";
        doc.Info.Title = "Statement of Okafor";
        doc.AddPage();
        doc.AddPage();
        var original = new MemoryStream();
        doc.Save(original, false);
        var originalText = Encoding.Latin1.GetString(original.ToArray());
        Assert.Contains("(Ngozi Okafor)", originalText, StringComparison.Ordinal);
        Assert.Contains("<rdf:li>Ngozi Okafor</rdf:li>", originalText, StringComparison.Ordinal);

        var ct = TestContext.Current.CancellationToken;
        var res = await _w.Worker.PostAsJsonAsync($"/api/v1/cases/{_w.CaseId}/attachments", new { fileName = "statement.pdf", contentType = "application/pdf", content = original.ToArray() }, ct);
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var id = (await res.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("id").GetGuid();
        var stored = await _w.Worker.GetByteArrayAsync($"/api/v1/cases/{_w.CaseId}/attachments/{id}", ct);
        Assert.DoesNotContain("Okafor", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        using var reopened = PdfSharp.Pdf.IO.PdfReader.Open(new MemoryStream(stored), PdfSharp.Pdf.IO.PdfDocumentOpenMode.Import);
        Assert.Equal(2, reopened.PageCount);
        Assert.Equal("", reopened.Info.Author);
    }

    private async Task<int> CountFilesAsync()
    {
        var view = await _w.Worker.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{_w.CaseId}", TestContext.Current.CancellationToken);
        return view.GetProperty("attachments").GetArrayLength();
    }

    private async Task<string> UploadAsync(string name, string type, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        using var form = new MultipartFormDataContent { { new StringContent(await TokenAsync()), "__af" }, { file, "file", name } };
        var res = await _w.Worker.PostAsync($"/Cases/Attachments/{_w.CaseId}", form, TestContext.Current.CancellationToken);
        // Attached: redirected to the page's own address (Post/Redirect/Get); refused: the page with the field error.
        if (res.StatusCode == HttpStatusCode.SeeOther) res = await PalermoApplication.FollowAsync(_w.Worker, res, $"/Cases/Attachments/{_w.CaseId}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        return WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<string> TokenAsync()
    {
        var page = await _w.Worker.GetStringAsync($"/Cases/Attachments/{_w.CaseId}", TestContext.Current.CancellationToken);
        return AntiforgeryField().Match(page).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("href=\"(/Cases/Attachments/[^\"]+handler=Download[^\"]+)\"")]
    private static partial Regex DownloadLink();

    [GeneratedRegex("href=\"(/Cases/Attachments/[^\"]+handler=ConfirmDelete[^\"]+)\"")]
    private static partial Regex ConfirmDeleteLink();

    [GeneratedRegex("<form [^>]*action=\"([^\"]+handler=Delete[^\"]*)\"")]
    private static partial Regex DeleteForm();
}
