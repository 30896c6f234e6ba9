using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;

namespace Palermo.Audit;

/// <summary>An audit entry's columns as read for the officer, before names are put to them.</summary>
internal sealed record AuditLogRow(long Sequence, DateTime At, Guid? ActorId, Guid? OrganisationId, AuditEvent Event, string? EntityType,
    string? EntityId, string? Purpose, string? ClientAddress);

/// <summary>
/// The officer's filters turned into a query, and what the reading of them is audited as. Shared by the page (one page
/// at a time) and the download (every matching entry), so the two can never disagree about what a filter selects.
/// </summary>
internal sealed record AuditLogSelection(IQueryable<AuditEntry> Entries, Guid? Account, Guid? CaseId, AuditEvent? Event, DateOnly? From, DateOnly? To)
{
    /// <summary>The filters by name for the audit entry of the reading (ids and dates only; the account or case is its record).</summary>
    public string Description(string? extra = null) => string.Join("; ", new[]
    {
        Event is { } chosen ? $"event {chosen}" : null, From is { } x ? $"from {x:yyyy-MM-dd}" : null, To is { } y ? $"to {y:yyyy-MM-dd}" : null, extra,
    }.Where(s => s is not null));

    /// <summary>Audits the reading against the account or case looked into, when there is one.</summary>
    public void Audit(PalermoDbContext db, AuditEvent ev, Actor actor, string purpose)
    {
        if (Account is { } who) db.Audit(ev, actor, "User", who, purpose);
        else if (CaseId is { } c) db.Audit(ev, actor, nameof(Case), c, purpose);
        else db.Audit(ev, actor, purpose: purpose);
    }
}

internal static class AuditLogFilter
{
    public static async Task<AuditLogSelection> ApplyAsync(PalermoDbContext db, AuditLogQuery q, Guid org, CancellationToken ct)
    {
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
            var first = await FirstAtOrAfterAsync(db, start, ct) ?? long.MaxValue;
            entries = entries.Where(e => e.At >= start && e.Sequence >= first);
        }

        if (to is { } t)
        {
            var end = t.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var after = await FirstAtOrAfterAsync(db, end, ct);
            entries = after is { } bound ? entries.Where(e => e.At < end && e.Sequence < bound) : entries.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(q.Before))
        {
            var before = long.TryParse(q.Before.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0 ? b
                : throw new DomainException("before", "Use a whole number from 1.");
            entries = entries.Where(e => e.Sequence < before);
        }

        return new AuditLogSelection(entries, account, caseId, ev, from, to);
    }

    public static IQueryable<AuditLogRow> Rows(IQueryable<AuditEntry> entries) =>
        entries.Select(e => new AuditLogRow(e.Sequence, e.At, e.ActorId, e.OrganisationId, e.Event, e.EntityType, e.EntityId, e.Purpose, e.ClientAddress));

    /// <summary>
    /// Puts names to a batch of rows with a few small lookups, whatever the log's length: the organisation's own staff by
    /// address, another organisation by its name (its staff are not the officer's to know), a case by its reference.
    /// </summary>
    public static async Task<List<AuditLogLine>> NameAsync(PalermoDbContext db, Guid org, IReadOnlyList<AuditLogRow> rows, CancellationToken ct)
    {
        var mine = rows.Where(r => r.OrganisationId == org && r.ActorId is not null).Select(r => r.ActorId!.Value)
            .Concat(rows.Where(r => r.EntityType == "User" && Guid.TryParse(r.EntityId, out _)).Select(r => Guid.Parse(r.EntityId!))).Distinct().ToList();
        // The organisation's accounts only: an account of another organisation named in an entry stays an id.
        var staff = mine.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => mine.Contains(u.Id) && u.OrganisationId == org)
            .ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        var others = rows.Where(r => r.OrganisationId is { } o && o != org).Select(r => r.OrganisationId!.Value).Distinct().ToList();
        var organisations = others.Count == 0 ? [] : await db.Organisations.AsNoTracking().Where(o => others.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var caseIds = rows.Where(r => r.EntityType == nameof(Case) && Guid.TryParse(r.EntityId, out _)).Select(r => Guid.Parse(r.EntityId!)).Distinct().ToList();
        var references = caseIds.Count == 0 ? [] : await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id.ToString(), c => c.Reference, ct);
        string By(Guid? actorId, Guid? organisation) => (organisation, actorId) switch
        {
            ({ } o, _) when o != org => organisations.GetValueOrDefault(o, "another organisation"),
            ({ }, { } a) => staff.GetValueOrDefault(a, "an account since removed"),
            (null, { }) => "a system administrator",
            _ => "system",
        };
        return rows.Select(r => new AuditLogLine(r.Sequence, r.At, By(r.ActorId, r.OrganisationId), r.Event.ToString(), r.EntityType, r.EntityId,
            r.EntityId is { } key && r.EntityType == nameof(Case) ? references.GetValueOrDefault(key) : null, r.Purpose, r.ClientAddress,
            r.EntityType == "User" && Guid.TryParse(r.EntityId, out var user) ? staff.GetValueOrDefault(user) : null)).ToList();
    }

    /// <summary>
    /// The sequence number of the first entry written at or after <paramref name="at"/> (null: none yet). Entries written in
    /// the same microsecond tie on the time: the lowest sequence of them, or a bound could fall inside the tie and lose some.
    /// </summary>
    public static Task<long?> FirstAtOrAfterAsync(PalermoDbContext db, DateTime at, CancellationToken ct) =>
        db.AuditEntries.Where(e => e.At >= at).OrderBy(e => e.At).ThenBy(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(ct);
}
