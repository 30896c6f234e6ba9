using System.Text.Json;

namespace Palermo.CrossAgency;

/// <summary>
/// One party's encodings for a project: an organisation's export from Palermo, or a clkhash file the coordinator
/// uploaded for an agency outside Palermo. <see cref="Encodings"/> is the clkhash JSON exactly as exchanged; the
/// position → person map exists only for Palermo organisations and is read only by that organisation's
/// resolution, never by the coordinator's views.
/// </summary>
public sealed class LinkageSubmission
{
    public const int LabelMaxLength = 200;

    private LinkageSubmission() { Label = ""; Encodings = []; }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    /// <summary>Null for an agency outside Palermo.</summary>
    public Guid? OrganisationId { get; private set; }
    public string Label { get; private set; }
    public int Count { get; private set; }
    public byte[] Encodings { get; private set; }
    /// <summary>JSON array of person ids in position order; null for external files.</summary>
    public string? PersonMap { get; private set; }
    public Guid? SubmittedByUserId { get; private set; }
    public DateTime SubmittedAt { get; private set; }

    public static LinkageSubmission FromOrganisation(LinkageProject project, Guid organisationId, string label, byte[] encodings,
        IReadOnlyList<Guid> personIds, Guid? by, DateTime now)
    {
        project.EnsureOpenForSubmissions();
        return new LinkageSubmission
        {
            Id = Guid.CreateVersion7(), ProjectId = project.Id, OrganisationId = organisationId, Label = label, Count = personIds.Count,
            Encodings = encodings, PersonMap = JsonSerializer.Serialize(personIds), SubmittedByUserId = by, SubmittedAt = now,
        };
    }

    public static LinkageSubmission External(LinkageProject project, string? label, byte[] encodings, int count, Guid? by, DateTime now)
    {
        project.EnsureOpenForSubmissions();
        var trimmed = label?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw new DomainException("label", "Name the agency this file comes from.");
        if (trimmed.Length > LabelMaxLength) throw new DomainException("label", $"Must be at most {LabelMaxLength} characters.");
        return new LinkageSubmission
        {
            Id = Guid.CreateVersion7(), ProjectId = project.Id, Label = trimmed, Count = count, Encodings = encodings,
            SubmittedByUserId = by, SubmittedAt = now,
        };
    }

    /// <summary>
    /// Erasure: the person's encoding becomes an all-zero filter and their map entry the empty id. Returns the
    /// position, or -1 when the person is not in this submission.
    /// </summary>
    public int Forget(Guid personId)
    {
        var ids = PersonIds().ToList();
        var position = ids.IndexOf(personId);
        if (position < 0) return -1;
        ids[position] = Guid.Empty;
        PersonMap = JsonSerializer.Serialize(ids);
        Encodings = LinkageErasure.ZeroFilter(Encodings, position, Label);
        return position;
    }

    public IReadOnlyList<Guid> PersonIds() => PersonMap is null ? [] : JsonSerializer.Deserialize<List<Guid>>(PersonMap) ?? [];
}
