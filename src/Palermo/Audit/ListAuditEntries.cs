using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Audit;

/// <summary>
/// The data protection officer's filters, as typed: the use case parses them so that the page and the API name the
/// same field at fault. Nothing here is personal data (an account is named by its id, a case by its reference), so
/// the filters may travel in a URL.
/// </summary>
public sealed record AuditLogQuery
{
    /// <summary>An account of the officer's organisation, by id: only what it did.</summary>
    public string? Account { get; init; }

    /// <summary>An event name (for example <c>CaseRead</c>).</summary>
    public string? Event { get; init; }

    /// <summary>A case of the organisation, by reference: everything done to the case or its person, by anyone.</summary>
    public string? Case { get; init; }

    public string? From { get; init; }
    public string? To { get; init; }

    /// <summary>A sequence number: the page of entries older than it.</summary>
    public string? Before { get; init; }
}

/// <summary>
/// One audit entry as the officer sees it. <c>By</c> is the account's address for the organisation's own staff, the
/// other organisation's name for anyone else (their staff are not the officer's to know), "system" when no account
/// acted (a command, a background job). The record an entry is about is named for people when it can be: a case by
/// its reference (<c>CaseReference</c>), an account of the organisation by its address (<c>Account</c>: a sign-in,
/// a deactivation, a role change); anything else by type and id only.
/// </summary>
public sealed record AuditLogLine(long Sequence, DateTime At, string By, string Event, string? EntityType, string? EntityId,
    string? CaseReference, string? Purpose, string? ClientAddress, string? Account = null);

public sealed record AuditLogAccount(Guid Id, string Email);

/// <summary>A page of entries, newest first; <c>Older</c> is the <c>before</c> of the next page (null on the last).</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditLogLine> Lines, long? Older);

/// <summary>
/// Reading the audit log, for the data protection officer (<see cref="Permission.ViewAuditLog"/>): what the
/// organisation's staff did (sign-ins, reads, changes, exports, searches — ids and event numbers, never personal data),
/// by account, event, dates, or everything done to one case by anyone, including a receiving organisation. Without it
/// an insider's browsing could be found only with SQL. Reading the log is itself audited.
/// </summary>
public sealed class ListAuditEntries(PalermoDbContext db)
{
    public const int PageSize = 100;

    public async Task<AuditLogPage> HandleAsync(AuditLogQuery q, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewAuditLog) || actor.OrganisationId is not { } org) throw new NotFoundException();

        var entries = db.AuditEntries.AsNoTracking();
        Guid? account = null;
        if (!string.IsNullOrWhiteSpace(q.Account))
        {
            // Any id not of this organisation answers alike: the filter does not tell which ids exist elsewhere.
            account = Guid.TryParse(q.Account.Trim(), out var id) && await db.Users.AnyAsync(u => u.Id == id && u.OrganisationId == org, ct) ? id
                : throw new DomainException("account", "Choose an account of your organisation.");
            entries = entries.Where(e => e.ActorId == account);
        }

        AuditEvent? ev = null;
        if (!string.IsNullOrWhiteSpace(q.Event))
        {
            var name = q.Event.Trim();
            // Names only: Enum.TryParse would also take "1301" or "1,2".
            ev = Enum.GetValues<AuditEvent>().Where(v => v.ToString().Equals(name, StringComparison.OrdinalIgnoreCase)).Cast<AuditEvent?>().FirstOrDefault()
                ?? throw new DomainException("event", "Unknown event. Choose one from the list.");
            var wanted = ev.Value;
            entries = entries.Where(e => e.Event == wanted);
        }

        Guid? caseId = null;
        if (!string.IsNullOrWhiteSpace(q.Case))
        {
            var reference = q.Case.Trim().ToUpperInvariant();
            var found = reference.Length <= 32
                ? await db.Cases.AsNoTracking().Where(c => c.Reference == reference && c.OrganisationId == org).Select(c => new { c.Id, c.PersonId }).SingleOrDefaultAsync(ct)
                : null;
            if (found is null) throw new DomainException("case", "No case of your organisation has this reference.");
            caseId = found.Id;
            var (caseKey, personKey) = (found.Id.ToString(), found.PersonId.ToString());
            entries = entries.Where(e => (e.EntityType == nameof(Case) && e.EntityId == caseKey) || (e.EntityType == nameof(Person) && e.EntityId == personKey));
        }
        else if (account is null)
        {
            // An account's entries are its organisation's already (checked above; an account never changes
            // organisation). Saying so again made PostgreSQL, which assumes the two columns independent, intersect both
            // indexes and sort 10,000 entries of a busy account instead of reading its newest 101 (docs/performance.md).
            entries = entries.Where(e => e.OrganisationId == org);
        }

        var from = CaseInput.Date(q.From, "from");
        var to = CaseInput.Date(q.To, "to");
        if (from > to) throw new DomainException("from", "The start date is after the end date.");
        // Dates become a range of sequence numbers too: the log is written in time order (the time is read once the
        // head is locked; servers' clocks may differ by milliseconds at most), so the first entry at or
        // after a day's start (one step down the time index) bounds the entries of the days after it. With the range,
        // the database walks only those days of the organisation's index; with the times alone it read the
        // organisation's entries backwards from today until it reached the day asked for.
        if (from is { } f)
        {
            var start = f.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var first = await FirstAtOrAfterAsync(start, ct) ?? long.MaxValue;
            entries = entries.Where(e => e.At >= start && e.Sequence >= first);
        }

        if (to is { } t)
        {
            var end = t.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var after = await FirstAtOrAfterAsync(end, ct);
            entries = after is { } bound ? entries.Where(e => e.At < end && e.Sequence < bound) : entries.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(q.Before))
        {
            var before = long.TryParse(q.Before.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0 ? b
                : throw new DomainException("before", "Use a whole number from 1.");
            entries = entries.Where(e => e.Sequence < before);
        }

        var rows = await entries.OrderByDescending(e => e.Sequence).Take(PageSize + 1)
            .Select(e => new { e.Sequence, e.At, e.ActorId, e.OrganisationId, e.Event, e.EntityType, e.EntityId, e.Purpose, e.ClientAddress })
            .ToListAsync(ct);
        var page = rows.Take(PageSize).ToList();

        // Names for the page only: a few small lookups, whatever the log's length.
        var mine = page.Where(r => r.OrganisationId == org && r.ActorId is not null).Select(r => r.ActorId!.Value)
            .Concat(page.Where(r => r.EntityType == "User" && Guid.TryParse(r.EntityId, out _)).Select(r => Guid.Parse(r.EntityId!))).Distinct().ToList();
        // The organisation's accounts only: an account of another organisation named in an entry stays an id.
        var staff = mine.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => mine.Contains(u.Id) && u.OrganisationId == org)
            .ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        var others = page.Where(r => r.OrganisationId is { } o && o != org).Select(r => r.OrganisationId!.Value).Distinct().ToList();
        var organisations = others.Count == 0 ? [] : await db.Organisations.AsNoTracking().Where(o => others.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var caseIds = page.Where(r => r.EntityType == nameof(Case) && Guid.TryParse(r.EntityId, out _)).Select(r => Guid.Parse(r.EntityId!)).Distinct().ToList();
        var references = caseIds.Count == 0 ? [] : await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id.ToString(), c => c.Reference, ct);
        string By(Guid? actorId, Guid? organisation) => (organisation, actorId) switch
        {
            ({ } o, _) when o != org => organisations.GetValueOrDefault(o, "another organisation"),
            ({ }, { } a) => staff.GetValueOrDefault(a, "an account since removed"),
            (null, { }) => "a system administrator",
            _ => "system",
        };
        var lines = page.Select(r => new AuditLogLine(r.Sequence, r.At, By(r.ActorId, r.OrganisationId), r.Event.ToString(), r.EntityType, r.EntityId,
            r.EntityId is { } key && r.EntityType == nameof(Case) ? references.GetValueOrDefault(key) : null, r.Purpose, r.ClientAddress,
            r.EntityType == "User" && Guid.TryParse(r.EntityId, out var user) ? staff.GetValueOrDefault(user) : null)).ToList();

        // Who looked at whose activity is itself on the record: the account or case looked into, the filters by name.
        var filters = string.Join("; ", new[]
        {
            ev is { } chosen ? $"event {chosen}" : null, from is { } x ? $"from {x:yyyy-MM-dd}" : null, to is { } y ? $"to {y:yyyy-MM-dd}" : null,
            q.Before is { Length: > 0 } ? "older page" : null,
        }.Where(s => s is not null));
        var purpose = $"audit log read: {lines.Count} entries" + (filters.Length > 0 ? $"; {filters}" : "");
        if (account is { } who) db.Audit(AuditEvent.AuditLogRead, actor, "User", who, purpose);
        else if (caseId is { } c) db.Audit(AuditEvent.AuditLogRead, actor, nameof(Case), c, purpose);
        else db.Audit(AuditEvent.AuditLogRead, actor, purpose: purpose);
        await db.SaveChangesAsync(ct);
        return new AuditLogPage(lines, rows.Count > PageSize ? page[^1].Sequence : null);
    }

    /// <summary>The sequence number of the first entry written at or after <paramref name="at"/> (null: none yet).</summary>
    private Task<long?> FirstAtOrAfterAsync(DateTime at, CancellationToken ct) =>
        db.AuditEntries.Where(e => e.At >= at).OrderBy(e => e.At).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(ct);

    /// <summary>The organisation's accounts, for the filter's choice (addresses of colleagues: not audited).</summary>
    public async Task<IReadOnlyList<AuditLogAccount>> AccountsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewAuditLog) || actor.OrganisationId is not { } org) throw new NotFoundException();
        return await db.Users.AsNoTracking().Where(u => u.OrganisationId == org).OrderBy(u => u.Email)
            .Select(u => new AuditLogAccount(u.Id, u.Email ?? "")).Take(1000).ToListAsync(ct);
    }
}
