using Palermo.Data;

namespace Palermo.Consent;

public enum ConsentPurpose
{
    Assistance = 1,
    /// <summary>Referral to the organisation named in <see cref="ConsentRecord.RecipientOrganisationId"/>.</summary>
    Referral = 2,
    FollowUpContact = 3,
    CrossAgencyLinkage = 4,
    /// <summary>Sharing identifiable data outside the organisation, with the named recipient.</summary>
    SharingIdentifiableData = 5,
}

public enum ConsentRecordedAs
{
    Written = 1,
    Verbal = 2,
    Guardian = 3,
}

/// <summary>
/// A person's consent for one purpose (and recipient). Withdrawal takes effect at once and is never undone: a new
/// consent is a new record, so the history stays honest.
/// </summary>
public sealed class ConsentRecord
{
    private ConsentRecord() { }

    public ConsentRecord(Guid personId, Guid organisationId, ConsentPurpose purpose, Guid? recipient, ConsentRecordedAs how, Guid? recordedBy, DateTime at)
    {
        if (purpose is ConsentPurpose.Referral or ConsentPurpose.SharingIdentifiableData && recipient is null)
        {
            throw new DomainException("recipientOrganisationId", "Name the organisation this consent is for.");
        }

        Id = Ids.NewV7();
        PersonId = personId;
        OrganisationId = organisationId;
        Purpose = purpose;
        RecipientOrganisationId = recipient;
        RecordedAs = how;
        RecordedByUserId = recordedBy;
        RecordedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public ConsentPurpose Purpose { get; private set; }
    public Guid? RecipientOrganisationId { get; private set; }
    public ConsentRecordedAs RecordedAs { get; private set; }
    public Guid? RecordedByUserId { get; private set; }
    public DateTime RecordedAt { get; private set; }
    public DateTime? WithdrawnAt { get; private set; }
    public Guid? WithdrawnByUserId { get; private set; }

    public bool IsActive => WithdrawnAt is null;

    public void Withdraw(Guid? by, DateTime at)
    {
        if (WithdrawnAt is not null) throw new DomainException("consent", "This consent was already withdrawn.");
        WithdrawnAt = at;
        WithdrawnByUserId = by;
    }
}
