using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.Data;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("Organisation");
        b.Property(o => o.Name).HasMaxLength(Organisation.NameMaxLength);
        b.HasIndex(o => o.Name).IsUnique();
        b.Property(o => o.Country).HasMaxLength(3);
        b.Property(o => o.Version).IsConcurrencyToken();
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<PalermoUser>
{
    public void Configure(EntityTypeBuilder<PalermoUser> b)
    {
        b.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoleConfiguration : IEntityTypeConfiguration<PalermoRole>
{
    public void Configure(EntityTypeBuilder<PalermoRole> b) =>
        b.HasData(Enum.GetValues<Role>().Select(r => new PalermoRole(r)));
}

internal sealed class OneTimeLinkConfiguration : IEntityTypeConfiguration<OneTimeLink>
{
    public void Configure(EntityTypeBuilder<OneTimeLink> b)
    {
        b.ToTable("OneTimeLink");
        b.Property(l => l.TokenHash).HasMaxLength(64);
        b.HasIndex(l => l.TokenHash).IsUnique();
        // A link is used once even when two submissions race (OneTimeLinks.ClaimAsync).
        b.Property(l => l.UsedAt).IsConcurrencyToken();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntry");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.EntityType).HasMaxLength(64);
        b.Property(e => e.EntityId).HasMaxLength(64);
        b.Property(e => e.Purpose).HasMaxLength(AuditEntry.PurposeMaxLength);
        b.Property(e => e.ClientAddress).HasMaxLength(64);
        b.Property(e => e.PrevHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
        b.HasIndex(e => e.At);
        // The data protection officer's audit log reads newest first by organisation, by account or by event
        // (ListAuditEntries): without these, a quiet account or a rare event meant reading the whole log backwards.
        b.HasIndex(e => new { e.OrganisationId, e.Sequence });
        b.HasIndex(e => new { e.ActorId, e.Sequence });
        // Organisation first: SQLite keeps no statistics of how rare an event is, and with (Event, Sequence) it read
        // the whole organisation's entries to find two lock-outs (docs/performance.md, "Session 19").
        b.HasIndex(e => new { e.OrganisationId, e.Event, e.Sequence });
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> b)
    {
        b.ToTable("AuditHead");
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.Hash).HasMaxLength(64);
        b.HasData(new AuditHead { Id = 1, Sequence = 0, Hash = AuditEntry.GenesisHash });
    }
}

internal sealed class DataKeyConfiguration : IEntityTypeConfiguration<DataKey>
{
    public void Configure(EntityTypeBuilder<DataKey> b)
    {
        b.ToTable("DataKey");
        b.Property(k => k.MasterKeyId).HasMaxLength(16);
    }
}
