using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Assistance;

/// <summary>A change to a catalogue entry: a new name, and/or active or not. The code stays (records refer to it).</summary>
public sealed record ServiceTypeChange(string? Name = null, bool? IsActive = null);

/// <summary>
/// Renames, deactivates or reactivates a catalogue type. There is no deletion: records refer to their type, and a
/// deactivated type is simply no longer offered for new services while old records keep showing it.
/// </summary>
public sealed class ChangeServiceType(PalermoDbContext db)
{
    public async Task<ServiceTypeView> HandleAsync(string code, ServiceTypeChange change, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageOrganisations)) throw new NotFoundException();
        var type = await db.Set<ServiceType>().SingleOrDefaultAsync(t => t.Code == code, ct) ?? throw new NotFoundException();
        if (change.Name is not null && change.Name.Trim() != type.Name)
        {
            type.Rename(change.Name);
            db.Audit(AuditEvent.ServiceTypeRenamed, actor, nameof(ServiceType), type.Code);
        }

        if (change.IsActive is { } active && active != type.IsActive)
        {
            type.SetActive(active);
            db.Audit(active ? AuditEvent.ServiceTypeReactivated : AuditEvent.ServiceTypeDeactivated, actor, nameof(ServiceType), type.Code);
        }

        await db.SaveChangesAsync(ct);
        return new ServiceTypeView(type.Code, type.Name, type.IsActive, await db.Services.CountAsync(s => s.ServiceCode == type.Code, ct));
    }
}
