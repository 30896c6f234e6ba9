using Palermo.Accounts;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// A case worker's note on a case. The text is sealed with the person's own data key, like every other personal
/// field, so erasing the person (destroying that key) makes every note unreadable too. Notes are never edited:
/// a correction is a new note, so the record of what was known when stays honest.
/// </summary>
public sealed class CaseNote
{
    public const int TextMaxLength = 10_000;

    private CaseNote() { Text = null!; }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid? AuthorUserId { get; private set; }
    public Guid AuthorOrganisationId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Sealed Text { get; private set; }

    public static CaseNote Write(Case c, string? text, Actor actor, PersonCrypto crypto, DateTime now)
    {
        if (c.Person.IsErased) throw new DomainException("person", "This person's data was erased.");
        if (actor.OrganisationId is not { } org) throw new NotFoundException();
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) throw new DomainException("text", "Write the note before saving it.");
        if (t.Length > TextMaxLength) throw new DomainException("text", $"A note can be at most {TextMaxLength} characters; split it into several notes.");
        TextRules.Plain("text", t);
        var note = new CaseNote { Id = Guid.CreateVersion7(), CaseId = c.Id, AuthorUserId = actor.UserId, AuthorOrganisationId = org, CreatedAt = now };
        note.Text = crypto.Seal(c.Person.DataKey, note.Field, t);
        return note;
    }

    public string? Open(DataKey key, PersonCrypto crypto) => crypto.Open(key, Field, Text);

    // The note's id is part of the associated data, so a ciphertext cannot be moved to another note of the same person.
    private string Field => "note:" + Id.ToString("N");
}

/// <summary>A note as shown: the author is named by e-mail (staff, not the data subject).</summary>
public sealed record CaseNoteView(Guid Id, DateTime CreatedAt, Guid? AuthorUserId, string? AuthorEmail, Guid AuthorOrganisationId, string Text);
