using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.EmergencyAccess;

/// <summary>What the user types to open emergency access: the exact case reference, why, and which parts.</summary>
public sealed record EmergencyAccessInput(string? Reference, string? Reason, IReadOnlyList<string>? Parts);

public sealed record OpenedEmergencyAccess(Guid Id, Guid CaseId, DateTime EndsAt, SharedParts Parts);

/// <summary>
/// Opens break-glass access to another organisation's case by its exact reference, for the user alone. Every attempt
/// is audited, refused or not, so probing for a case shows in the log; a refusal names the field at fault and saves
/// nothing but that audit entry. At most <see cref="EmergencyGrant.DailyLimit"/> grants per user in any 24 hours.
/// </summary>
public sealed class OpenEmergencyAccess(PalermoDbContext db, PersonCrypto crypto, PalermoSettings settings)
{
    public async Task<OpenedEmergencyAccess> HandleAsync(EmergencyAccessInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.Has(Permission.BreakGlass) || actor.UserId is not { } user || actor.OrganisationId is null) throw new NotFoundException();
        Guid? caseId = null;
        string? kind = null;
        DomainException Refused(string k, string field, string message)
        {
            kind = k;
            return new DomainException(field, message);
        }

        // The daily count and the new grant in one transaction, under a lock of the user's own on PostgreSQL (an advisory
        // lock keyed by the account id: it orders these opens only, never other writers, so no lock cycle with the audit
        // head): two opens at the same moment are counted one after the other, so neither can slip past the limit. (On
        // SQLite a transaction begins IMMEDIATE, holding the write lock from the start: the opens wait for each other.)
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var reference = EmergencyGrant.CheckReference(input.Reference);
            EmergencyGrant.CheckReason(input.Reason);
            var parts = ParseParts(input.Parts);
            if (db.IsPostgres)
            {
                var key = BitConverter.ToInt64(user.ToByteArray(), 8);
                await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM pg_advisory_xact_lock({key})").ToListAsync(ct);
            }
            var now = db.UtcNow;
            var since = now.AddHours(-24);
            var recent = await db.EmergencyGrants.CountAsync(g => g.UserId == user && g.OpenedAt > since, ct);
            if (recent >= EmergencyGrant.DailyLimit)
            {
                var next = await db.EmergencyGrants.Where(g => g.UserId == user && g.OpenedAt > since).MinAsync(g => g.OpenedAt, ct);
                throw Refused("limit reached", "reference", $"You have opened emergency access {EmergencyGrant.DailyLimit} times in the last 24 hours, the most allowed. "
                    + $"The next is possible at {next.AddHours(24):HH:mm} UTC; call the owner organisation, or ask your data protection officer.");
            }

            var c = await db.Cases.Include(x => x.Person).ThenInclude(p => p.DataKey).SingleOrDefaultAsync(x => x.Reference == reference, ct)
                ?? throw Refused("unknown reference", "reference", "No case has this reference. Check it with the person or the owner organisation.");
            caseId = c.Id;
            if (c.OrganisationId == actor.OrganisationId) throw Refused("own case", "reference", EmergencyGrant.OwnCaseMessage);
            if (c.Person.IsErased) throw Refused("person erased", "reference", "This case's person was erased: there is nothing to open.");
            var running = await db.EmergencyGrants.Where(g => g.UserId == user && g.CaseId == c.Id && g.EndedAt == null && g.EndsAt > now)
                .Select(g => (DateTime?)g.EndsAt).FirstOrDefaultAsync(ct);
            if (running is { } until)
                throw Refused("already open", "reference", $"You already have emergency access to this case until {until:HH:mm} UTC: open it from My emergency accesses.");
            var g = EmergencyGrant.Open(c, actor, input.Reason!, parts, TimeSpan.FromHours(settings.EmergencyAccessHours), crypto, now);
            db.EmergencyGrants.Add(g);
            db.Audit(AuditEvent.EmergencyAccessOpened, actor, nameof(Case), c.Id, g.AuditPurpose);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new OpenedEmergencyAccess(g.Id, c.Id, g.EndsAt, g.Parts);
        }
        catch (DomainException ex)
        {
            // Nothing of the attempt is kept but this line: no reference typed, no reason, only what kind of refusal.
            foreach (var e in db.ChangeTracker.Entries<EmergencyGrant>().Where(e => e.State == EntityState.Added).ToList()) e.State = EntityState.Detached;
            db.DiscardPendingAudit();
            db.Audit(AuditEvent.EmergencyAccessRefused, actor, caseId is null ? null : nameof(Case), caseId, kind ?? (ex.Field is { Length: > 0 } f ? "bad " + f : "refused"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            throw;
        }
    }

    public static SharedParts ParseParts(IReadOnlyList<string>? parts)
    {
        var result = SharedParts.None;
        foreach (var p in parts ?? [])
        {
            if (!Enum.TryParse<SharedParts>(p, ignoreCase: false, out var one) || one == SharedParts.None || !Enum.IsDefined(one))
                throw new DomainException("parts", "Choose among Identity, Contacts, CaseDetails and Services.");
            result |= one;
        }

        EmergencyGrant.CheckParts(result);
        return result;
    }
}
