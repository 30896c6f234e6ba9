using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Privacy;

public sealed record SubjectData(
    Guid PersonId, PersonDetails Person, bool LegalHold, IReadOnlyList<CaseView> Cases, IReadOnlyList<SubjectAuditLine> History)
{
    /// <summary>Every organisation that holds the record, received it, provided a service, holds a consent for the
    /// person or acted on the record — by name, so the person learns who has (had) their data.</summary>
    public IReadOnlyList<SubjectOrganisation> Organisations { get; init; } = [];

    public IReadOnlyList<SubjectReferral> Referrals { get; init; } = [];
    public IReadOnlyList<SubjectService> Services { get; init; } = [];
    public IReadOnlyList<SubjectConsent> Consents { get; init; } = [];

    /// <summary>Emergency (break-glass) accesses by other organisations' staff to the person's cases, with the reason given.</summary>
    public IReadOnlyList<SubjectEmergencyAccess> EmergencyAccesses { get; init; } = [];

    /// <summary>The indicator screenings attached to the person's cases.</summary>
    public IReadOnlyList<SubjectScreening> Screenings { get; init; } = [];

    /// <summary>The reason given when the legal hold was last set or released (null if never).</summary>
    public string? LegalHoldReason { get; init; }

    /// <summary>How long the data is kept: the person is told the storage period (GDPR Art. 15(1)(d)).</summary>
    public SubjectRetention? Retention { get; init; }
}

/// <summary>
/// The storage period: the organisation's schedule in years (null: none — kept until erased on request), and, when
/// every case of the person is closed, the day from which the schedule erases them (unless a legal hold or an active
/// referral keeps them longer).
/// </summary>
public sealed record SubjectRetention(int? ClosedCaseYears, DateTime? ErasedFrom)
{
    public override string ToString() => ClosedCaseYears is not { } years
        ? "no retention schedule: kept until erased on request"
        : $"erased {years} years after the last case is closed"
          + (ErasedFrom is { } from ? $", from {from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}" : " (a case is still open)")
          + ", unless a legal hold or an active referral keeps the data longer";
}

/// <summary>An organisation and what it has to do with the record ("holds the record", "received a referral", ...).</summary>
public sealed record SubjectOrganisation(Guid Id, string Name, IReadOnlyList<string> Roles);

public sealed record SubjectReferral(
    Guid Id, string CaseReference, string From, string To, string Services, string SharedParts, string State,
    DateTime CreatedAt, DateTime? DecidedAt, DateTime? ValidUntil);

/// <summary>
/// One emergency access to a case of the person: which organisation (by name; its staff member is not the person's data),
/// when, for how long, which parts, how it ended, the reason given, and each side's review verdict.
/// </summary>
public sealed record SubjectEmergencyAccess(
    Guid Id, string CaseReference, string Organisation, DateTime OpenedAt, DateTime Until, string Parts, string State, string? Reason,
    string? OwnerReview, string? AccessorReview);

public sealed record SubjectService(Guid Id, string CaseReference, string ServiceCode, string Provider, DateOnly StartDate, DateOnly? EndDate, string Status);

/// <summary>A screening attached to one of the person's cases: the list used, the indicators observed and the rule's outcome.</summary>
public sealed record SubjectScreening(
    Guid Id, string CaseReference, DateTime CreatedAt, string ListId, string ListVersion, string Outcome, IReadOnlyList<int> PositiveDimensions,
    IReadOnlyList<string> Indicators, IReadOnlyList<string> ForcedLabourIndicators);

public sealed record SubjectConsent(Guid Id, string Purpose, string? Recipient, string RecordedAs, DateTime RecordedAt, DateTime? WithdrawnAt);

/// <summary>One audit entry about the record: what was done to which of its parts, when, and by which organisation
/// (the organisation, not the staff member: their identity is not the data subject's data).</summary>
public sealed record SubjectAuditLine(long Sequence, DateTime At, string Event, string? EntityType, string? EntityId = null, string? Organisation = null);

/// <summary>
/// A data subject's access request: everything the actor's organisation holds about the person of a case — identity,
/// every case with its decisions, consents, services and referrals, the organisations that received or provided
/// anything (by name), the screenings attached to the cases, and who did what with their record: the audit entries of the person, the cases and every
/// referral, consent, service, attachment (downloads included, also of files since deleted) and screening of them.
/// </summary>
public sealed class SubjectAccess(PalermoDbContext db, GetCase getCase, PersonCrypto crypto)
{
    public async Task<SubjectData> HandleAsync(Guid caseId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.HandleSubjectRights) || actor.OrganisationId is not { } org) throw new NotFoundException();
        var personId = await db.Cases.Where(c => c.Id == caseId && c.OrganisationId == org).Select(c => (Guid?)c.PersonId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        // Reading for a subject request needs the case permission too; a DPO reads through this purpose-bound path.
        var reader = actor with { Roles = new HashSet<Role>(actor.Roles) { Role.CaseWorker } };
        var caseIds = await db.Cases.Where(c => c.PersonId == personId && c.OrganisationId == org).Select(c => c.Id).ToListAsync(ct);
        var cases = new List<CaseView>();
        foreach (var id in caseIds) cases.Add(await getCase.HandleAsync(id, reader, "subject access request", ct));

        var caseScreenings = await db.Set<Palermo.Screening.Screening>().AsNoTracking().Where(x => x.CaseId != null && caseIds.Contains(x.CaseId.Value))
            .OrderBy(x => x.CreatedAt).ToListAsync(ct);
        var history = await HistoryAsync(personId, cases, caseScreenings.Select(x => x.Id).ToList(), ct);
        var holder = await db.Persons.AsNoTracking().Include(p => p.DataKey).SingleAsync(p => p.Id == personId, ct);
        var hold = holder.LegalHold;
        var holdReason = holder.IsErased ? null : crypto.Open(holder.DataKey, Person.LegalHoldReasonField, holder.LegalHoldReason);
        var grants = await db.EmergencyGrants.AsNoTracking().Where(g => caseIds.Contains(g.CaseId)).OrderBy(g => g.OpenedAt).ToListAsync(ct);
        var roles = Roles(cases, history, org);
        foreach (var g in grants) AddRole(roles, g.AccessorOrganisationId, "opened emergency access");
        var names = await db.Organisations.AsNoTracking().Where(o => roles.Keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        string Name(Guid id) => names.GetValueOrDefault(id, id.ToString());
        var reference = cases.ToDictionary(c => c.Id, c => c.Reference);
        var referrals = cases.SelectMany(c => c.Referrals).Select(r => new SubjectReferral(r.Id, reference[r.CaseId], Name(r.FromOrganisationId), Name(r.ToOrganisationId),
            r.Services.Replace(";", ", ", StringComparison.Ordinal), r.Parts.ToString(), r.State.ToString(), r.CreatedAt, r.DecidedAt, r.ValidUntil)).ToList();
        var services = cases.SelectMany(c => c.Services).Select(s => new SubjectService(s.Id, reference[s.CaseId], s.ServiceCode, Name(s.ProviderOrganisationId),
            s.StartDate, s.EndDate, s.Status.ToString())).ToList();
        // Consents are the person's, listed with each case: once here.
        var consents = cases.SelectMany(c => c.Consents).DistinctBy(k => k.Id).Select(k => new SubjectConsent(k.Id, k.Purpose.ToString(),
            k.RecipientOrganisationId is { } to ? Name(to) : null, k.RecordedAs.ToString(), k.RecordedAt, k.WithdrawnAt)).ToList();
        var now = db.UtcNow;
        var emergency = grants.Select(g => new SubjectEmergencyAccess(g.Id, reference[g.CaseId], Name(g.AccessorOrganisationId), g.OpenedAt, g.EndedAt ?? g.EndsAt,
            g.Parts.ToString(), g.StateAt(now).ToString(), holder.IsErased ? null : g.OpenReason(holder.DataKey, crypto),
            g.OwnerReview?.ToString(), g.AccessorReview?.ToString())).ToList();
        var organisations = roles.Select(x => new SubjectOrganisation(x.Key, Name(x.Key), x.Value.ToList()))
            .OrderBy(o => o.Id != org).ThenBy(o => o.Name, StringComparer.CurrentCulture).ToList();

        var years = await db.Set<RetentionPolicy>().AsNoTracking().Where(p => p.OrganisationId == org).Select(p => (int?)p.ClosedCaseYears).SingleOrDefaultAsync(ct);
        var closed = await db.Cases.AsNoTracking().Where(c => c.PersonId == personId).Select(c => c.ClosedAt).ToListAsync(ct);
        var retention = new SubjectRetention(years, years is { } y && closed.Count > 0 && closed.All(at => at is not null) ? closed.Max()!.Value.AddYears(y) : null);

        db.Audit(AuditEvent.PersonDataExported, actor, nameof(Person), personId, "subject access request");
        await db.SaveChangesAsync(ct);
        return new SubjectData(personId, cases[0].Person ?? PersonDetails.Erased, hold, cases,
            history.Select(h => h.Line with { Organisation = h.By is { } by ? Name(by) : null }).ToList())
        {
            Organisations = organisations, Referrals = referrals, Services = services, Consents = consents, LegalHoldReason = holdReason, Retention = retention,
            EmergencyAccesses = emergency,
            Screenings = caseScreenings.Select(x => new SubjectScreening(x.Id, reference[x.CaseId!.Value], x.CreatedAt, x.ListId, x.ListVersion, x.Outcome.ToString(),
                x.PositiveDimensions, x.IndicatorIds, x.ForcedLabourIndicatorIds)).ToList(),
        };
    }

    /// <summary>
    /// The audit entries of every record that is about the person. Each entity type is read by (type, id), the audit
    /// log's index, so a request costs a few index lookups however long the log is. Attachments deleted since are
    /// found by the entry that added them (its purpose names the case), so their downloads stay listed.
    /// </summary>
    private async Task<List<(SubjectAuditLine Line, Guid? By)>> HistoryAsync(Guid personId, List<CaseView> cases, List<Guid> screenings, CancellationToken ct)
    {
        var caseIds = cases.Select(c => c.Id).ToList();
        var attachmentPrefixes = caseIds.Select(id => $"case {id}").ToList();
        var added = new List<string>();
        foreach (var prefix in attachmentPrefixes)
        {
            added.AddRange(await db.AuditEntries.AsNoTracking()
                .Where(e => e.EntityType == nameof(CaseAttachment) && e.Event == AuditEvent.CaseAttachmentAdded && e.Purpose != null && EF.Functions.Like(e.Purpose, prefix + "%"))
                .Select(e => e.EntityId!).ToListAsync(ct));
        }

        var keys = new (string Type, IEnumerable<Guid> Ids)[]
        {
            (nameof(Person), [personId]),
            (nameof(Case), caseIds),
            ("Referral", cases.SelectMany(c => c.Referrals).Select(r => r.Id)),
            ("ConsentRecord", cases.SelectMany(c => c.Consents).Select(k => k.Id)),
            ("ServiceRecord", cases.SelectMany(c => c.Services).Select(s => s.Id)),
            (nameof(CaseAttachment), cases.SelectMany(c => c.Attachments).Select(a => a.Id)),
            ("Screening", screenings),
        };
        var lines = new List<(SubjectAuditLine, Guid?)>();
        foreach (var (type, guids) in keys)
        {
            var ids = guids.Select(g => g.ToString()).Distinct().ToList();
            if (type == nameof(CaseAttachment)) ids = ids.Union(added).ToList();
            if (ids.Count == 0) continue;
            lines.AddRange((await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == type && ids.Contains(e.EntityId!))
                .Select(e => new { e.Sequence, e.At, e.Event, e.EntityType, e.EntityId, e.OrganisationId }).ToListAsync(ct))
                .Select(e => (new SubjectAuditLine(e.Sequence, e.At, e.Event.ToString(), e.EntityType, e.EntityId), e.OrganisationId)));
        }

        return lines.DistinctBy(l => l.Item1.Sequence).OrderBy(l => l.Item1.Sequence).ToList();
    }

    /// <summary>Each organisation involved, with what it has to do with the record.</summary>
    private static Dictionary<Guid, List<string>> Roles(List<CaseView> cases, List<(SubjectAuditLine Line, Guid? By)> history, Guid org)
    {
        var roles = new Dictionary<Guid, List<string>>();
        void Add(Guid id, string role) => AddRole(roles, id, role);

        Add(org, "holds the record");
        foreach (var c in cases)
        {
            foreach (var r in c.Referrals)
            {
                Add(r.FromOrganisationId, "referred the case");
                Add(r.ToOrganisationId, $"received a referral ({r.State.ToString().ToLowerInvariant()})");
            }

            foreach (var s in c.Services) Add(s.ProviderOrganisationId, "provided a service");
            foreach (var k in c.Consents) if (k.RecipientOrganisationId is { } to) Add(to, "named in a consent");
            foreach (var a in c.Attachments) Add(a.UploadedByOrganisationId, "added a file");
        }

        foreach (var (_, by) in history) if (by is { } id) Add(id, "acted on the record");
        return roles;
    }

    private static void AddRole(Dictionary<Guid, List<string>> roles, Guid id, string role)
    {
        if (!roles.TryGetValue(id, out var list)) roles[id] = list = [];
        if (!list.Contains(role)) list.Add(role);
    }
}
