using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Palermo.Statistics.Publications;

internal sealed class StatisticsPublicationConfiguration : IEntityTypeConfiguration<StatisticsPublication>
{
    public void Configure(EntityTypeBuilder<StatisticsPublication> b)
    {
        b.ToTable("StatisticsPublication");
        b.Property(p => p.Title).HasMaxLength(StatisticsPublication.TitleMaxLength);
        b.Property(p => p.Text).HasMaxLength(StatisticsPublication.TextMaxLength);
        b.Property(p => p.Content).HasMaxLength(500);
        b.HasIndex(p => p.State);
        b.Ignore(p => p.ContentIds);
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}
