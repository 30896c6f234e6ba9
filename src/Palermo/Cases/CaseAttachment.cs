using Palermo.Accounts;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// A file kept with a case. Its content and its name (a name can identify the person: "passport_Olena_K.jpg") are
/// sealed with the person's data key, so erasure by crypto-shredding covers attachments as well. Type and size are
/// readable: they come from Palermo's own checks and say nothing about the person.
/// </summary>
public sealed class CaseAttachment
{
    private CaseAttachment() { FileName = null!; Content = null!; }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid? UploadedByUserId { get; private set; }
    public Guid UploadedByOrganisationId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public AttachmentType Type { get; private set; }
    /// <summary>Size of the stored (metadata-stripped) content in bytes.</summary>
    public int Size { get; private set; }
    public Sealed FileName { get; private set; }
    public Sealed Content { get; private set; }

    /// <summary>Refuses an attachment to an erased person or from an actor without an organisation, before any file
    /// is checked.</summary>
    public static void EnsureMayAdd(Case c, Actor actor)
    {
        if (c.Person.IsErased) throw new DomainException("person", "This person's data was erased.");
        if (actor.OrganisationId is null) throw new NotFoundException();
    }

    /// <summary>A file accepted by <see cref="AttachmentContent"/> (type checked, metadata stripped), sealed for the case.</summary>
    public static CaseAttachment Add(Case c, (AttachmentType Type, byte[] Content, string FileName) accepted, Actor actor, PersonCrypto crypto, DateTime now)
    {
        EnsureMayAdd(c, actor);
        var org = actor.OrganisationId!.Value;
        var (type, stored, name) = accepted;
        var a = new CaseAttachment
        {
            Id = Guid.CreateVersion7(), CaseId = c.Id, UploadedByUserId = actor.UserId, UploadedByOrganisationId = org, CreatedAt = now,
            Type = type, Size = stored.Length,
        };
        a.FileName = crypto.Seal(c.Person.DataKey, a.NameField, name);
        a.Content = crypto.SealBytes(c.Person.DataKey, a.ContentField, stored);
        return a;
    }

    public string? OpenName(DataKey key, PersonCrypto crypto) => crypto.Open(key, NameField, FileName);

    public byte[]? OpenContent(DataKey key, PersonCrypto crypto) => crypto.OpenBytes(key, ContentField, Content);

    private string NameField => "attachmentName:" + Id.ToString("N");
    private string ContentField => "attachment:" + Id.ToString("N");
}

/// <summary>An attachment as listed (without its content).</summary>
public sealed record CaseAttachmentView(Guid Id, DateTime CreatedAt, Guid UploadedByOrganisationId, AttachmentType Type, int Size, string FileName);

/// <summary>An attachment opened for download.</summary>
public sealed record AttachmentDownload(string FileName, string MediaType, byte[] Content);
