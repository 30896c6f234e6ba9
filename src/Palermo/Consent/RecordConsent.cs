using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Consent;

public sealed record ConsentInput(string? Purpose, string? RecordedAs, Guid? RecipientOrganisationId);

/// <summary>Records a person's consent for a purpose; only the owner organisation of one of their cases may.</summary>
public sealed class RecordConsent(PalermoDbContext db)
{
    public async Task<ConsentRecord> HandleAsync(Guid caseId, ConsentInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.EditCases)) throw new NotFoundException();
        var c = await db.Cases.VisibleTo(db, actor).SingleOrDefaultAsync(x => x.Id == caseId && x.OrganisationId == actor.OrganisationId, ct)
            ?? throw new NotFoundException();
        var purpose = Vocabulary.Parse<ConsentPurpose>(input.Purpose, "purpose");
        var how = Vocabulary.Parse<ConsentRecordedAs>(input.RecordedAs, "recordedAs");
        if (how == ConsentRecordedAs.Guardian && !c.ChildAtExploitation && c.AgeAtIdentification is not < 18)
        {
            throw new DomainException("recordedAs", "Guardian consent is for children.");
        }

        if (input.RecipientOrganisationId is { } r && !await db.Organisations.AnyAsync(o => o.Id == r, ct))
        {
            throw new DomainException("recipientOrganisationId", "Unknown organisation.");
        }

        var consent = new ConsentRecord(c.PersonId, c.OrganisationId, purpose, input.RecipientOrganisationId, how, actor.UserId, db.UtcNow);
        db.Consents.Add(consent);
        db.Audit(AuditEvent.ConsentRecorded, actor, nameof(ConsentRecord), consent.Id, purpose.ToString());
        await db.SaveChangesAsync(ct);
        return consent;
    }
}
