using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Cases;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.Data;

public sealed partial class PalermoDbContext(DbContextOptions<PalermoDbContext> options, TimeProvider time)
    : IdentityDbContext<PalermoUser, PalermoRole, Guid>(options), IDataProtectionKeyContext
{
    private readonly List<PendingAudit> _pendingAudit = [];

    public TimeProvider Time => time;

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OneTimeLink> OneTimeLinks => Set<OneTimeLink>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<DataKey> DataKeys => Set<DataKey>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<Palermo.Consent.ConsentRecord> Consents => Set<Palermo.Consent.ConsentRecord>();
    public DbSet<Palermo.Referrals.Referral> Referrals => Set<Palermo.Referrals.Referral>();
    public DbSet<Palermo.Assistance.ServiceRecord> Services => Set<Palermo.Assistance.ServiceRecord>();
    public DbSet<Palermo.EmergencyAccess.EmergencyGrant> EmergencyGrants => Set<Palermo.EmergencyAccess.EmergencyGrant>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Queues an audit entry; it is written by the next SaveChanges, in the same transaction as the change.</summary>
    public void Audit(AuditEvent ev, Actor actor, string? entityType = null, object? entityId = null, string? purpose = null)
    {
        if (purpose is { Length: > AuditEntry.PurposeMaxLength }) purpose = purpose[..AuditEntry.PurposeMaxLength];
        _pendingAudit.Add(new PendingAudit(ev, actor.UserId, actor.OrganisationId, entityType, entityId?.ToString(), purpose, actor.ClientAddress));
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // The de-identified statistics row of every changed case is written in the same transaction as the case.
        await Palermo.Statistics.StatisticsProjection.SyncAsync(this, cancellationToken);
        BumpVersions();
        var encodings = PersonEncodingChanges.Collect(ChangeTracker);
        var referrals = CollectReferralChanges();
        if (_pendingAudit.Count == 0 && encodings is null && referrals is null)
        {
            return await SaveGuarded(acceptAllChangesOnSuccess, cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var added = new List<AuditEntry>(_pendingAudit.Count);
        try
        {
            var stamps = await StampEncodingsAsync(encodings, cancellationToken);
            var referralStamps = await StampReferralsAsync(referrals, cancellationToken);
            var n = _pendingAudit.Count == 0 ? await SaveGuarded(acceptAllChangesOnSuccess, cancellationToken) : await SaveAuditedAsync(added, acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            _pendingAudit.Clear();
            ForgetReferralLinks();
            ApplyEncodings(encodings, stamps);
            ApplyReferrals(referrals, referralStamps);
            return n;
        }
        catch
        {
            foreach (var e in added) Entry(e).State = EntityState.Detached;
            // The links name stamps that were not committed: a later save writes its own.
            ForgetReferralLinks();
            // The queued entries describe changes that were not saved: a later save on this context (a page that
            // reloads the case after a conflict, say) must not write them into the log as if they had happened.
            _pendingAudit.Clear();
            if (own is not null) await own.RollbackAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>Forgets queued audit entries, e.g. when the caller abandons a unit of work.</summary>
    public void DiscardPendingAudit() => _pendingAudit.Clear();

    private async Task<int> SaveAuditedAsync(List<AuditEntry> added, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var head = await LockHeadAsync(cancellationToken);
        var now = UtcNow;
        foreach (var p in _pendingAudit)
        {
            var entry = new AuditEntry(head.Sequence + 1, now, p, head.Hash);
            head.Sequence = entry.Sequence;
            head.Hash = entry.Hash;
            added.Add(entry);
        }

        AuditEntries.AddRange(added);
        return await SaveGuarded(acceptAllChangesOnSuccess, cancellationToken);
    }

    private async Task<int> SaveGuarded(bool accept, CancellationToken ct)
    {
        try
        {
            return await base.SaveChangesAsync(accept, ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConflictException("This record was changed by someone else since you opened it. Nothing was saved; reload it and apply your change again.", ex);
        }
    }

    private async Task<AuditHead> LockHeadAsync(CancellationToken ct)
    {
        // PostgreSQL: a row lock serialises audited transactions so sequence numbers have no gaps.
        // SQLite: the transaction is BEGIN IMMEDIATE, which already holds the database's write lock.
        var head = IsPostgres
            ? await AuditHeads.FromSql($"SELECT * FROM \"AuditHead\" WHERE \"Id\" = 1 FOR UPDATE").SingleAsync(ct)
            : await AuditHeads.SingleAsync(h => h.Id == 1, ct);
        // Another context may have advanced the head since this one cached it.
        await Entry(head).ReloadAsync(ct);
        return head;
    }

    private void BumpVersions()
    {
        foreach (var e in ChangeTracker.Entries<IVersioned>())
        {
            if (e.State == EntityState.Modified) e.Entity.Version++;
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PalermoDbContext).Assembly);
    }
}
