using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Referrals;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

/// <summary>
/// Files kept with a case. Its own page so that only this upload gets the larger request-body limit
/// (RequestSizeLimit); the file is read into memory once, checked, stripped and sealed.
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.ReadCases))]
public sealed class AttachmentsModel(GetCase get, AttachToCase attach, DownloadAttachment download, DeleteAttachment delete, PalermoDbContext db) : PalermoPage
{
    public CaseView? Case { get; private set; }
    /// <summary>The file whose deletion awaits confirmation (the confirmation step is its own GET, no script).</summary>
    public CaseAttachmentView? ToDelete { get; private set; }

    public bool MayDelete(CaseAttachmentView a) => Case is { } c && DeleteAttachment.MayDelete(c.OrganisationId, a.UploadedByOrganisationId, Actor);

    public async Task<IActionResult> OnGetConfirmDeleteAsync(Guid id, Guid attachmentId)
    {
        var result = await LoadAsync(id);
        if (Case is null) return result;
        ToDelete = Case.Attachments.SingleOrDefault(a => a.Id == attachmentId);
        return ToDelete is null || !MayDelete(ToDelete) ? NotFound() : result;
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        try
        {
            await delete.HandleAsync(id, attachmentId, Actor, ct);
            return SeeOther("File deleted.", new { id });
        }
        catch (DomainException ex)
        {
            AddError(ex);
            db.DiscardPendingAudit();
            db.ChangeTracker.Clear();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await LoadAsync(id);
    }

    public Task<IActionResult> OnGetAsync(Guid id) => LoadAsync(id);

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, Guid attachmentId, CancellationToken ct)
    {
        try
        {
            var file = await download.HandleAsync(id, attachmentId, Actor, ct);
            return Download(Response, file);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    // The use case refuses (404) anyone without EditCases; a handler cannot carry its own policy in Razor Pages.
    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? file, CancellationToken ct)
    {
        try
        {
            if (file is null) throw new DomainException("file", "Choose a file to attach.");
            if (file.Length > AttachmentContent.MaxBytes) throw new DomainException("file", $"The file is larger than {AttachmentContent.MaxBytes / (1024 * 1024)} MB.");
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            await attach.HandleAsync(id, new(file.FileName, file.ContentType, buffer.ToArray()), Actor, ct);
            return SeeOther("File attached.", new { id });
        }
        catch (DomainException ex)
        {
            // The API names the file's name, type or content; here all three come from the one file input.
            AddError(ex.Field is AttachmentContent.NameField or AttachmentContent.TypeField or AttachmentContent.ContentField ? new DomainException("file", ex.Message) : ex);
            db.DiscardPendingAudit();
            db.ChangeTracker.Clear();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await LoadAsync(id);
    }

    /// <summary>Always a download, never shown inline: a PDF or image opened in the site's origin could act on its behalf.</summary>
    public static FileContentResult Download(HttpResponse response, AttachmentDownload file)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        return new FileContentResult(file.Content, file.MediaType) { FileDownloadName = file.FileName };
    }

    private async Task<IActionResult> LoadAsync(Guid id)
    {
        try
        {
            Case = await get.HandleAsync(id, Actor);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        // Files can tell where the person stays: emergency access never opens them (docs/security.md).
        if (!Case.Parts.HasFlag(SharedParts.Identity) || Case.PersonErased || Case.Emergency is not null) return NotFound();
        return Page();
    }
}
