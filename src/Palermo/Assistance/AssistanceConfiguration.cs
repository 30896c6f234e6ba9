using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Cases;
using Palermo.Organisations;

namespace Palermo.Assistance;

internal sealed class ServiceTypeConfiguration : IEntityTypeConfiguration<ServiceType>
{
    public void Configure(EntityTypeBuilder<ServiceType> b)
    {
        b.ToTable("ServiceType");
        b.HasKey(t => t.Code);
        b.Property(t => t.Code).HasMaxLength(40);
        b.Property(t => t.Name).HasMaxLength(100);
        b.HasData(ServiceType.Defaults.Select(d => new ServiceType(d.Code, d.Name)));
    }
}

internal sealed class ServiceRecordConfiguration : IEntityTypeConfiguration<ServiceRecord>
{
    public void Configure(EntityTypeBuilder<ServiceRecord> b)
    {
        b.ToTable("ServiceRecord");
        b.Property(s => s.ServiceCode).HasMaxLength(40);
        b.Property(s => s.Outcome).HasMaxLength(ServiceRecord.OutcomeMaxLength);
        b.HasIndex(s => s.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ServiceType>().WithMany().HasForeignKey(s => s.ServiceCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.ProviderOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class SupportPlanConfiguration : IEntityTypeConfiguration<SupportPlan>
{
    public void Configure(EntityTypeBuilder<SupportPlan> b)
    {
        b.ToTable("SupportPlan");
        b.HasIndex(p => p.CaseId).IsUnique();
        b.Property(p => p.Objectives).HasConversion(Palermo.Privacy.Sealed.NullableConverter);
        b.Property(p => p.ActionPlan).HasConversion(Palermo.Privacy.Sealed.NullableConverter);
        b.HasOne<Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}
