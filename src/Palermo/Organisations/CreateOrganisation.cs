using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;

namespace Palermo.Organisations;

public sealed record CreateOrganisationRequest(string? Name, string? Kind, string? Country);

public sealed class CreateOrganisation(PalermoDbContext db)
{
    public async Task<Organisation> HandleAsync(CreateOrganisationRequest request, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ManageOrganisations)) throw new NotFoundException();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) throw new DomainException("name", "A name is required.");
        if (name.Length > Organisation.NameMaxLength) throw new DomainException("name", $"The name must be at most {Organisation.NameMaxLength} characters.");
        TextRules.OneLine("name", name);
        if (!Enum.TryParse<OrganisationKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
        {
            throw new DomainException("kind", $"Unknown organisation kind. Use one of: {string.Join(", ", Enum.GetNames<OrganisationKind>())}.");
        }

        var country = CountryCodes.ToAlpha3(request.Country)
            ?? throw new DomainException("country", "Unknown country: use an ISO 3166 alpha-3 code such as ITA.");
        if (await db.Organisations.AnyAsync(o => o.Name == name, ct))
        {
            throw new DomainException("name", "An organisation with this name already exists.");
        }

        var org = new Organisation(name, kind, country, db.UtcNow);
        db.Organisations.Add(org);
        db.Audit(AuditEvent.OrganisationCreated, actor, nameof(Organisation), org.Id);
        await db.SaveChangesAsync(ct);
        return org;
    }
}
