using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.CrossAgency;

/// <summary>The national coordinator opens a linkage project; its secret is generated and sealed on the server.</summary>
public sealed class CreateLinkageProject(PalermoDbContext db, MasterKeyRing ring)
{
    public async Task<LinkageProject> HandleAsync(string? name, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.RunLinkage)) throw new NotFoundException();
        var project = LinkageProject.Create(name, actor.UserId, ring, db.UtcNow);
        db.Set<LinkageProject>().Add(project);
        db.Audit(AuditEvent.LinkageProjectCreated, actor, nameof(LinkageProject), project.Id);
        await db.SaveChangesAsync(ct);
        return project;
    }
}
