using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Assistance;

public sealed record ServiceTypeInput(string? Code, string? Name);

/// <summary>Adds a type to the service catalogue; the code is unique and never changes afterwards.</summary>
public sealed class AddServiceType(PalermoDbContext db)
{
    private const string Taken = "This code is already in the catalogue (perhaps deactivated: reactivate it instead).";

    public async Task<ServiceTypeView> HandleAsync(ServiceTypeInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageOrganisations)) throw new NotFoundException();
        var type = ServiceType.Create(input.Code, input.Name);
        if (await db.Set<ServiceType>().AnyAsync(t => t.Code == type.Code, ct)) throw new DomainException("code", Taken);
        db.Set<ServiceType>().Add(type);
        db.Audit(AuditEvent.ServiceTypeAdded, actor, nameof(ServiceType), type.Code);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Added by someone else between the check and the insert.
            db.DiscardPendingAudit();
            db.Entry(type).State = EntityState.Detached;
            throw new DomainException("code", Taken);
        }

        return new ServiceTypeView(type.Code, type.Name, type.IsActive, 0);
    }
}
