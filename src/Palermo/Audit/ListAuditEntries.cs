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

        var selection = await AuditLogFilter.ApplyAsync(db, q, org, ct);
        var rows = await AuditLogFilter.Rows(selection.Entries.OrderByDescending(e => e.Sequence).Take(PageSize + 1)).ToListAsync(ct);
        var page = rows.Take(PageSize).ToList();
        var lines = await AuditLogFilter.NameAsync(db, org, page, ct);

        // Who looked at whose activity is itself on the record: the account or case looked into, the filters by name.
        var filters = selection.Description(q.Before is { Length: > 0 } ? "older page" : null);
        var purpose = $"audit log read: {lines.Count} entries" + (filters.Length > 0 ? $"; {filters}" : "");
        selection.Audit(db, AuditEvent.AuditLogRead, actor, purpose);
        await db.SaveChangesAsync(ct);
        return new AuditLogPage(lines, rows.Count > PageSize ? page[^1].Sequence : null);
    }

    /// <summary>The organisation's accounts, for the filter's choice (addresses of colleagues: not audited).</summary>
    public async Task<IReadOnlyList<AuditLogAccount>> AccountsAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.ViewAuditLog) || actor.OrganisationId is not { } org) throw new NotFoundException();
        return await db.Users.AsNoTracking().Where(u => u.OrganisationId == org).OrderBy(u => u.Email)
            .Select(u => new AuditLogAccount(u.Id, u.Email ?? "")).Take(1000).ToListAsync(ct);
    }
}
