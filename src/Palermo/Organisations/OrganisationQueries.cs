using Microsoft.EntityFrameworkCore;
using Palermo.Data;

namespace Palermo.Organisations;

public static class OrganisationQueries
{
    /// <summary>Finds an organisation by id or by its unique name, as the command line accepts either.</summary>
    public static async Task<Organisation?> FindByIdOrNameAsync(this PalermoDbContext db, string? idOrName, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(idOrName)) return null;
        if (Guid.TryParse(idOrName, out var id)) return await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, ct);
        var name = idOrName.Trim();
        return await db.Organisations.SingleOrDefaultAsync(o => o.Name == name, ct);
    }
}
