using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Linkage.Schema;
using Palermo.Privacy;

namespace Palermo.CrossAgency;

public sealed record LinkageKitProject(Guid Id, string Name);

/// <summary>
/// What an agency that does not keep its cases in Palermo needs to run <c>palermo linkage encode</c> for a project:
/// the project schema (<c>schema.json</c>, not secret) and the project secret file (<c>project.key</c>). Only an
/// organisation administrator (<see cref="Permission.ManageOrganisationAccounts"/>) of an organisation registered in
/// Palermo can take the secret, for an open project, and every download is audited with the organisation; the
/// national coordinator, who holds the encodings, never can (holding both would allow a dictionary attack).
/// </summary>
public sealed class DownloadLinkageKit(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<IReadOnlyList<LinkageKitProject>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        Authorise(actor);
        return await db.Set<LinkageProject>().AsNoTracking().Where(p => p.State == LinkageProjectState.Open)
            .OrderByDescending(p => p.CreatedAt).Select(p => new LinkageKitProject(p.Id, p.Name)).ToListAsync(ct);
    }

    public static EncodingsFile Schema() =>
        new("schema.json", Encoding.UTF8.GetBytes(SchemaJson.Serialize(ProjectSchema.Schema)));

    public async Task<EncodingsFile> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        var org = Authorise(actor);
        var project = await db.Set<LinkageProject>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        project.EnsureOpenForSubmissions();
        var secret = project.OpenSecret(crypto.Ring);
        try
        {
            db.Audit(AuditEvent.LinkageSecretExported, actor, nameof(LinkageProject), projectId, $"organisation {org:N}");
            await db.SaveChangesAsync(ct);
            return new EncodingsFile($"linkage-{projectId:N}.key", [.. ProjectSchema.ExchangeSecret(secret), (byte)'\n']);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static Guid Authorise(Actor actor) =>
        actor.Has(Permission.ManageOrganisationAccounts) && !actor.Has(Permission.RunLinkage) && actor.OrganisationId is { } org
            ? org
            : throw new NotFoundException();
}
