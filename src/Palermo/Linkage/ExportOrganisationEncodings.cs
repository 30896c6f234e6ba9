using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Data;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Interchange;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.CrossAgency;

public sealed record ExportedEncodings(Guid SubmissionId, int Count);

/// <summary>
/// An organisation submits the encodings of its persons who hold an active cross-agency linkage consent. Names are
/// opened only in memory to encode them; the read is audited once with the count. A new export replaces the
/// organisation's earlier one, so a withdrawn consent takes effect at the next export.
/// </summary>
public sealed class ExportOrganisationEncodings(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<ExportedEncodings> HandleAsync(Guid projectId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var project = await db.Set<LinkageProject>().SingleOrDefaultAsync(p => p.Id == projectId, ct) ?? throw new NotFoundException();
        project.EnsureOpenForSubmissions();
        var persons = await db.Persons.Include(p => p.DataKey)
            .Where(p => p.OrganisationId == org && p.ErasedAt == null && db.Consents.Any(c => c.PersonId == p.Id && c.OrganisationId == org
                && c.Purpose == ConsentPurpose.CrossAgencyLinkage && c.WithdrawnAt == null))
            .OrderBy(p => p.Id).ToListAsync(ct);
        if (persons.Count == 0)
        {
            throw new DomainException("project", "No person of your organisation has an active consent to cross-agency linkage.");
        }

        var encodings = Encode(project, persons);
        var label = await db.Set<Organisation>().Where(o => o.Id == org).Select(o => o.Name).SingleAsync(ct);
        var old = await db.Set<LinkageSubmission>().Where(s => s.ProjectId == projectId && s.OrganisationId == org).ToListAsync(ct);
        // Removed and added in one SaveChanges: EF orders the delete first, so the unique index holds throughout.
        db.Set<LinkageSubmission>().RemoveRange(old);
        var submission = LinkageSubmission.FromOrganisation(project, org, label, encodings, persons.Select(p => p.Id).ToList(), actor.UserId, db.UtcNow);
        db.Set<LinkageSubmission>().Add(submission);
        db.Audit(AuditEvent.PersonRead, actor, nameof(LinkageProject), project.Id, $"cross-agency linkage export: {persons.Count} persons");
        db.Audit(AuditEvent.LinkageEncodingsExported, actor, nameof(LinkageSubmission), submission.Id, $"{persons.Count} encodings");
        await db.SaveChangesAsync(ct);
        return new ExportedEncodings(submission.Id, persons.Count);
    }

    private byte[] Encode(LinkageProject project, List<Person> persons)
    {
        var secret = project.OpenSecret(crypto.Ring);
        var exchange = ProjectSchema.ExchangeSecret(secret);
        LinkageEncoder encoder;
        try
        {
            encoder = new LinkageEncoder(ProjectSchema.Schema, exchange);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(exchange);
        }

        var filters = new FilterSet(persons.Count, encoder.FilterBits);
        for (var i = 0; i < persons.Count; i++)
        {
            filters.SetBytes(i, ProjectSchema.Encode(encoder, persons[i].Open(crypto)));
        }

        using var output = new MemoryStream();
        ClkFile.Write(output, filters, encoder.Fingerprint);
        return output.ToArray();
    }
}
