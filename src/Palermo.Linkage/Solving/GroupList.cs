namespace Palermo.Linkage.Solving;

/// <summary>
/// The solver's groups in two flat arrays (members of group g are <c>Members[Starts[g]..Starts[g+1]]</c>): 8 bytes
/// per matched record plus 4 per group, instead of a list object per group.
/// </summary>
public sealed class GroupList
{
    private readonly RecordRef[] _members;
    private readonly int[] _starts;

    internal GroupList(RecordRef[] members, int[] starts)
    {
        _members = members;
        _starts = starts;
    }

    public int Count => _starts.Length - 1;

    /// <summary>Matched records over all groups.</summary>
    public int MemberCount => _members.Length;

    /// <summary>The members of group <paramref name="group"/>, ordered by input then position.</summary>
    public ReadOnlySpan<RecordRef> this[int group] => _members.AsSpan(_starts[group], _starts[group + 1] - _starts[group]);

    public List<List<RecordRef>> ToLists()
    {
        var lists = new List<List<RecordRef>>(Count);
        for (int g = 0; g < Count; g++)
        {
            lists.Add([.. this[g]]);
        }

        return lists;
    }
}
