using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Screening;

/// <summary>Finding lists: the shipped ones and those imported by an administrator.</summary>
public static class IndicatorLists
{
    /// <summary>Every list, shipped first, then imported ones oldest first.</summary>
    public static async Task<IReadOnlyList<IndicatorList>> AllIndicatorListsAsync(this PalermoDbContext db, CancellationToken ct = default)
    {
        var imported = await db.Set<ImportedIndicatorList>().AsNoTracking().OrderBy(l => l.ImportedAt).ThenBy(l => l.Id).Select(l => l.Json).ToListAsync(ct);
        return [.. BuiltInLists.All, .. imported.Select(IndicatorListParser.Parse)];
    }

    /// <summary>
    /// The list offered for each kind, subject group and exploitation type: the latest import, else the shipped list,
    /// so loading the official brochure's grades or a national variant takes effect for new screenings at once.
    /// </summary>
    public static async Task<IReadOnlyList<IndicatorList>> CurrentIndicatorListsAsync(this PalermoDbContext db, CancellationToken ct = default) =>
        (await db.AllIndicatorListsAsync(ct))
            .GroupBy(l => (l.Kind, l.SubjectGroup, l.Exploitation))
            .Select(g => g.Last())
            .OrderBy(l => l.Kind).ThenBy(l => l.SubjectGroup).ThenBy(l => l.Exploitation)
            .ToList();

    public static async Task<IndicatorList?> FindIndicatorListAsync(this PalermoDbContext db, string? id, string? version, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(version)) return null;
        var builtIn = BuiltInLists.All.FirstOrDefault(l => l.Id == id && l.Version == version);
        if (builtIn is not null) return builtIn;
        var json = await db.Set<ImportedIndicatorList>().AsNoTracking()
            .Where(l => l.ListId == id && l.ListVersion == version).Select(l => l.Json).FirstOrDefaultAsync(ct);
        return json is null ? null : IndicatorListParser.Parse(json);
    }

    public static async Task<IndicatorList> CurrentForcedLabourListAsync(this PalermoDbContext db, CancellationToken ct = default) =>
        (await db.CurrentIndicatorListsAsync(ct)).Last(l => l.Kind == ListKind.ForcedLabour);
}
