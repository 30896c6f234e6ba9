using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Organisations;

namespace Palermo.CrossAgency;

internal sealed class LinkageProjectConfiguration : IEntityTypeConfiguration<LinkageProject>
{
    public void Configure(EntityTypeBuilder<LinkageProject> b)
    {
        b.ToTable("LinkageProject");
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(LinkageProject.NameMaxLength);
        b.Property(p => p.MasterKeyId).HasMaxLength(16);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.RunStage).HasMaxLength(LinkageProject.RunStageMaxLength);
        b.Property(p => p.RunError).HasMaxLength(LinkageProject.RunErrorMaxLength);
        b.HasIndex(p => p.RunQueuedAt);
    }
}

internal sealed class LinkageSubmissionConfiguration : IEntityTypeConfiguration<LinkageSubmission>
{
    public void Configure(EntityTypeBuilder<LinkageSubmission> b)
    {
        b.ToTable("LinkageSubmission");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Label).HasMaxLength(LinkageSubmission.LabelMaxLength);
        // One current submission per organisation and project; a new export replaces it.
        b.HasIndex(s => new { s.ProjectId, s.OrganisationId }).IsUnique();
        b.HasOne<LinkageProject>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LinkageResultConfiguration : IEntityTypeConfiguration<LinkageResult>
{
    public void Configure(EntityTypeBuilder<LinkageResult> b)
    {
        b.ToTable("LinkageResult");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => new { r.ProjectId, r.RunAt });
        b.HasOne<LinkageProject>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
