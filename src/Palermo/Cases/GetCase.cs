using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Assistance;
using Palermo.Audit;
using Palermo.Consent;
using Palermo.Data;
using Palermo.EmergencyAccess;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.Cases;

public sealed record CaseView(
    Guid Id, string Reference, Guid OrganisationId, bool IsOwner, SharedParts Parts, long Version,
    PersonDetails? Person, Guid PersonId, bool PersonErased,
    TraffickingStatus TraffickingStatus, DecisionMakingOrg? StatusDecidedBy,
    DateOnly? ReasonableGroundsDate, GroundsOutcome? ReasonableGroundsOutcome, string? ReasonableGroundsReasons,
    DateOnly? ConclusiveGroundsDate, GroundsOutcome? ConclusiveGroundsOutcome, string? ConclusiveGroundsReasons,
    ExploitationType Exploitation, MethodOfControl MethodsOfControl, LabourIndustry? LabourIndustry, SexExploitationType SexExploitation,
    RelationshipToTrafficker? RelationshipToTrafficker, RecruitmentMethod MethodsOfRecruitment,
    string CountryOfDetection, DateOnly IdentificationDate, int? AgeAtIdentification, bool ChildAtExploitation, string? Guardian,
    RiskLevel Risk, CaseStatus Status, string? ClosureReason,
    IReadOnlyList<CaseEventView> Events, IReadOnlyList<ServiceRecord> Services, IReadOnlyList<CaseReferralView> Referrals, IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<CaseNoteView> Notes, IReadOnlyList<CaseAttachmentView> Attachments, SupportPlanView? SupportPlan,
    IncomingReferral? IncomingReferral = null,
    PerpetratorRole PerpetratorRoles = PerpetratorRole.None,
    PerpetratorDetails? Perpetrator = null,
    EmergencyAccessView? Emergency = null);

/// <summary>
/// The case is open to the user through their own emergency (break-glass) grant: read-only, until <see cref="EndsAt"/>.
/// <see cref="Contacts"/> are the owner's staff to call: the assigned workers' account addresses, or its active case
/// supervisors' when nobody is assigned (staff addresses, not the person's).
/// </summary>
/// <see cref="ReferredParts"/> is what the user's organisation may see without the grant (an accepted referral): the
/// page stays read-only only for what the grant alone opens.
public sealed record EmergencyAccessView(Guid GrantId, DateTime EndsAt, long Version, string OwnerOrganisation, IReadOnlyList<string> Contacts,
    SharedParts ReferredParts = SharedParts.None);

/// <summary>A trafficking event as shown: the city is opened only for someone who may see the person's identity.</summary>
public sealed record CaseEventView(Guid Id, TraffickingEventType Type, string Country, DateOnly? Date, string? City);

/// <summary>
/// A referral of the case as shown. The receiving organisation sees what was asked of it, not the sender's internals:
/// a consent override's reason, who asked for it and who approved it stay with the owner (and the data protection
/// officer's list).
/// </summary>
public sealed record CaseReferralView(
    Guid Id, Guid CaseId, Guid FromOrganisationId, Guid ToOrganisationId, string Services, SharedParts Parts, ReferralState State,
    DateTime? ValidUntil, DateTime CreatedAt, DateTime? DecidedAt, string? Reason, bool ConsentOverridden, long Version,
    Guid? CreatedByUserId = null, string? OverrideReason = null, Guid? OverrideApproverId = null,
    DateTime? OverrideApprovedAt = null, DateTime? OverrideRefusedAt = null)
{
    public static CaseReferralView ForOwner(Referral r) => new(r.Id, r.CaseId, r.FromOrganisationId, r.ToOrganisationId, r.Services, r.Parts, r.State,
        r.ValidUntil, r.CreatedAt, r.DecidedAt, r.Reason, r.ConsentOverridden, r.Version,
        r.CreatedByUserId, r.OverrideReason, r.OverrideApproverId, r.OverrideApprovedAt, r.OverrideRefusedAt);

    public static CaseReferralView ForReceiver(Referral r) => new(r.Id, r.CaseId, r.FromOrganisationId, r.ToOrganisationId, r.Services, r.Parts, r.State,
        r.ValidUntil, r.CreatedAt, r.DecidedAt, r.Reason, r.ConsentOverridden, r.Version);
}

/// <summary>
/// Opens one case for someone allowed to see it. Sealed fields are opened only for the parts the caller may see, and
/// the read is written to the audit log before anything is returned.
/// </summary>
public sealed class GetCase(PalermoDbContext db, PersonCrypto crypto)
{
    public async Task<CaseView> HandleAsync(Guid caseId, Actor actor, string? purpose = null, CancellationToken ct = default)
    {
        var c = await db.Cases.VisibleTo(db, actor).Include(x => x.Person).ThenInclude(p => p.DataKey).Include(x => x.Events)
            .AsSplitQuery().SingleOrDefaultAsync(x => x.Id == caseId, ct);
        // Break-glass is asked for only here, for one case, after the usual rule: the list and search never see it.
        var grant = c is null || c.OrganisationId != actor.OrganisationId ? await EmergencyGrants.ActiveAsync(db, caseId, actor, ct) : null;
        if (c is null && grant is not null)
        {
            c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey).Include(x => x.Events).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == caseId, ct);
        }

        if (c is null) throw new NotFoundException();
        var now = db.UtcNow;
        var referrals = await db.Referrals.Where(r => r.CaseId == c.Id).OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var referred = c.PartsFor(actor, referrals, now);
        // A grant that opens nothing the referral does not already show is set aside: the user reads the case as the
        // receiver they are (notes, services, forms), not read-only under the grant, and the read is not put on the
        // grant's account. The grant never takes away what the referral gives.
        if (grant is not null && (grant.Parts & ~referred) == SharedParts.None) grant = null;
        var parts = referred | (grant?.Parts ?? SharedParts.None);
        var owner = c.OrganisationId == actor.OrganisationId;
        // Every read under a grant names it in the audit detail, so the reviewers can tie each view to its reason.
        if (grant is not null) purpose = purpose is null ? grant.AuditPurpose : $"{grant.AuditPurpose}: {purpose}";
        PersonDetails? person = null;
        if (parts.HasFlag(SharedParts.Identity) && !c.Person.IsErased)
        {
            person = c.Person.Open(crypto);
            // The mailing address tells where the person can be reached, like the contacts: it goes with them.
            if (!parts.HasFlag(SharedParts.Contacts)) person = person with { Contacts = null, Mailing = null };
            db.Audit(AuditEvent.PersonRead, actor, nameof(Person), c.PersonId, purpose);
        }

        IReadOnlyList<CaseNoteView> notes = [];
        IReadOnlyList<CaseAttachmentView> attachments = [];
        SupportPlanView? plan = null;
        // Notes, attachments and the support plan can tell where the person stays: emergency access never opens them,
        // only a referral showing the identity does.
        if (referred.SeesPerson(c))
        {
            notes = await ListCaseNotes.OpenAsync(db, crypto, c, ct);
            attachments = await AttachToCase.ListAsync(db, crypto, c, ct);
            plan = (await db.Set<SupportPlan>().AsNoTracking().SingleOrDefaultAsync(p => p.CaseId == c.Id, ct))?.Open(c.Person.DataKey, crypto);
            if (notes.Count > 0) db.Audit(AuditEvent.CaseNotesRead, actor, nameof(Case), c.Id, purpose ?? $"{notes.Count} notes");
        }

        db.Audit(AuditEvent.CaseRead, actor, nameof(Case), c.Id, purpose);
        await db.SaveChangesAsync(ct);

        var services = parts.HasFlag(SharedParts.Services) ? await db.Services.AsNoTracking().Where(s => s.CaseId == c.Id).OrderBy(s => s.StartDate).ToListAsync(ct) : [];
        var emergency = grant is null ? null : await EmergencyViewAsync(c, grant, referred, ct);
        var consents = owner ? await db.Consents.AsNoTracking().Where(x => x.PersonId == c.PersonId).OrderBy(x => x.RecordedAt).ToListAsync(ct) : [];
        string? O(string f, Sealed? s) => parts.HasFlag(SharedParts.Identity) && !c.Person.IsErased ? crypto.Open(c.Person.DataKey, f, s) : null;
        return new CaseView(c.Id, c.Reference, c.OrganisationId, owner, parts, c.Version, person, c.PersonId, c.Person.IsErased,
            c.TraffickingStatus, c.StatusDecidedBy, c.ReasonableGroundsDate, c.ReasonableGroundsOutcome, O("rgReasons", c.ReasonableGroundsReasons),
            c.ConclusiveGroundsDate, c.ConclusiveGroundsOutcome, O("cgReasons", c.ConclusiveGroundsReasons),
            c.Exploitation, c.MethodsOfControl, c.LabourIndustry, c.SexExploitation,
            c.RelationshipToTrafficker, c.MethodsOfRecruitment, c.CountryOfDetection, c.IdentificationDate,
            c.AgeAtIdentification, c.ChildAtExploitation, O("guardian", c.Guardian), c.Risk, c.Status, c.ClosureReason,
            c.Events.OrderBy(e => e.Date).Select(e => new CaseEventView(e.Id, e.Type, e.Country, e.Date, O(CaseEvent.CitySealField, e.City))).ToList(), services, owner ? referrals.Select(CaseReferralView.ForOwner).ToList()
                // As in the receiver's inbox: an override the supervisor has not approved (awaiting, or refused) was never sent.
                : referrals.Where(r => r.ToOrganisationId == actor.OrganisationId && !(r.ConsentOverridden && r.OverrideApprovedAt == null)).Select(CaseReferralView.ForReceiver).ToList(), consents,
            notes, attachments, plan,
            c.ReferringOrganisation is null ? null : new IncomingReferral(c.ReferringOrganisation, c.IncomingReferralDate, c.ReasonForIncomingReferral),
            c.PerpetratorRoles, PerpetratorDetails.FromSealText(O(PerpetratorDetails.SealField, c.Perpetrator)), emergency);
    }

    private async Task<EmergencyAccessView> EmergencyViewAsync(Case c, EmergencyGrant grant, SharedParts referred, CancellationToken ct)
    {
        var ownerName = await db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        var assigned = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == c.OrganisationId && u.IsActive && db.Set<CaseAssignment>().Any(a => a.CaseId == c.Id && a.UserId == u.Id))
            .OrderBy(u => u.Email).Select(u => u.Email ?? "").Take(10).ToListAsync(ct);
        if (assigned.Count == 0)
        {
            assigned = await ListOverrideApprovers.ActiveSupervisors(db, c.OrganisationId).AsNoTracking().OrderBy(u => u.Email).Select(u => u.Email ?? "").Take(10).ToListAsync(ct);
        }

        return new EmergencyAccessView(grant.Id, grant.EndsAt, grant.Version, ownerName, assigned, referred);
    }
}
