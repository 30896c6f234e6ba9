using Palermo.Linkage.Solving;

namespace Palermo.CrossAgency;

public sealed record SubmissionOverlap(string A, string B, int Persons);

public sealed record GroupSizeCount(int Size, int Count);

/// <summary>
/// What the coordinator may see of a run: counts only. Labels are organisation or agency names; there is no person
/// id, position or name in it, so it can be shown, printed and serialised freely.
/// </summary>
public sealed record LinkageReport(
    DateTime RunAt, double Threshold, IReadOnlyList<string> Submissions, IReadOnlyList<int> Sizes, int Records, int UniquePersons,
    IReadOnlyList<SubmissionOverlap> Overlaps, IReadOnlyList<GroupSizeCount> GroupSizes)
{
    public static LinkageReport From(LinkageResult result, IReadOnlyDictionary<Guid, string> labels)
    {
        var order = result.SubmissionOrder();
        var names = order.Select(id => labels.TryGetValue(id, out var l) ? l : "(removed submission)").ToList();
        var sizes = result.SizeList();
        var groups = result.GroupList();
        var summary = LinkageSummary.From(sizes, groups.Select(g => g.Select(r => new RecordRef(r.Submission, r.Position)).ToList()).ToList());
        var overlaps = new List<SubmissionOverlap>();
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = i + 1; j < names.Count; j++) overlaps.Add(new SubmissionOverlap(names[i], names[j], summary.Overlap[i, j]));
        }

        // Records in no group are persons seen by one party only: groups of size 1.
        var singles = result.Records - groups.Sum(g => g.Count);
        var histogram = groups.GroupBy(g => g.Count).Select(g => new GroupSizeCount(g.Key, g.Count()))
            .Prepend(new GroupSizeCount(1, singles)).Where(h => h.Count > 0).OrderBy(h => h.Size).ToList();
        return new LinkageReport(result.RunAt, result.Threshold, names, sizes, result.Records, result.UniquePersons, overlaps, histogram);
    }
}
