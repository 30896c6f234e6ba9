using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Screening;

/// <summary>
/// Loads an indicator list (the official brochure's grades, or a national variant). Lists hold no personal data, so
/// the system administrator, who configures the system, loads them. A new list for the same subject group and
/// exploitation type becomes the one offered for new screenings; old screenings keep the version they used.
/// </summary>
public sealed class ImportIndicatorList(PalermoDbContext db)
{
    public async Task<IndicatorList> HandleAsync(string? json, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageOrganisations)) throw new NotFoundException();
        var list = IndicatorListParser.Parse(json);
        if (BuiltInLists.All.Any(l => l.Id == list.Id && l.Version == list.Version)
            || await db.Set<ImportedIndicatorList>().AnyAsync(l => l.ListId == list.Id && l.ListVersion == list.Version, ct))
        {
            throw new DomainException(IndicatorListParser.Field, $"List {list.Id} version {list.Version} exists already; a published version never changes, so give the new one another version.");
        }

        var row = new ImportedIndicatorList(list, json!, actor.UserId, db.UtcNow);
        db.Set<ImportedIndicatorList>().Add(row);
        db.Audit(AuditEvent.ScreeningListImported, actor, nameof(ImportedIndicatorList), row.Id, purpose: $"{list.Id} {list.Version}");
        await db.SaveChangesAsync(ct);
        return list;
    }
}
