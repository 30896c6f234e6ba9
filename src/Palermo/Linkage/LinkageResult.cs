using System.Text.Json;

namespace Palermo.CrossAgency;

/// <summary>
/// The outcome of one run: which submissions were linked (in index order), their sizes, and the groups of two or
/// more records as (submission index, position) pairs. Holds no identity; persons are reached only through a
/// submission's own map, by its own organisation.
/// </summary>
public sealed class LinkageResult
{
    private LinkageResult() { SubmissionIds = ""; Sizes = ""; Groups = ""; }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public double Threshold { get; private set; }
    public string SubmissionIds { get; private set; }
    public string Sizes { get; private set; }
    /// <summary>JSON: [[[submission, position], ...], ...].</summary>
    public string Groups { get; private set; }
    public int Records { get; private set; }
    public int UniquePersons { get; private set; }
    public Guid? RunByUserId { get; private set; }
    public DateTime RunAt { get; private set; }

    public static LinkageResult Create(Guid projectId, double threshold, IReadOnlyList<Guid> submissions, IReadOnlyList<int> sizes,
        IReadOnlyList<IReadOnlyList<(int Submission, int Position)>> groups, Guid? by, DateTime now)
    {
        var records = sizes.Sum();
        return new LinkageResult
        {
            Id = Guid.CreateVersion7(), ProjectId = projectId, Threshold = threshold,
            SubmissionIds = JsonSerializer.Serialize(submissions), Sizes = JsonSerializer.Serialize(sizes),
            Groups = JsonSerializer.Serialize(groups.Select(g => g.Select(r => new[] { r.Submission, r.Position }))),
            Records = records, UniquePersons = records - groups.Sum(g => g.Count - 1), RunByUserId = by, RunAt = now,
        };
    }

    /// <summary>Erasure: removes a record from its group (a group left with one record is dropped); counts stay.</summary>
    public void Forget(int submission, int position)
    {
        var groups = JsonSerializer.Deserialize<List<List<int[]>>>(Groups) ?? [];
        foreach (var g in groups) g.RemoveAll(r => r[0] == submission && r[1] == position);
        groups.RemoveAll(g => g.Count < 2);
        Groups = JsonSerializer.Serialize(groups);
    }

    public IReadOnlyList<Guid> SubmissionOrder() => JsonSerializer.Deserialize<List<Guid>>(SubmissionIds) ?? [];

    public IReadOnlyList<int> SizeList() => JsonSerializer.Deserialize<List<int>>(Sizes) ?? [];

    public IReadOnlyList<IReadOnlyList<(int Submission, int Position)>> GroupList() =>
        (JsonSerializer.Deserialize<List<List<int[]>>>(Groups) ?? []).Select(g => (IReadOnlyList<(int, int)>)g.Select(r => (r[0], r[1])).ToList()).ToList();
}
