using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Organisations;
using Palermo.Privacy;

namespace Palermo.Cases;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("Person");
        b.Property(p => p.GivenName).HasConversion(Sealed.Converter);
        foreach (var name in new[] { nameof(Person.FamilyName), nameof(Person.Aliases), nameof(Person.BirthDate), nameof(Person.Languages), nameof(Person.Contacts), nameof(Person.DocumentNumber), nameof(Person.MailingAddress), nameof(Person.LegalHoldReason) })
        {
            b.Property<Sealed?>(name).HasConversion(Sealed.NullableConverter);
        }

        b.Property(p => p.NameIndex).HasMaxLength(44);
        b.Property(p => p.DocumentIndex).HasMaxLength(44);
        b.Property(p => p.Citizenships).HasMaxLength(20);
        b.HasIndex(p => new { p.OrganisationId, p.NameIndex });
        b.HasIndex(p => new { p.OrganisationId, p.DocumentIndex });
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.DataKey).WithMany().HasForeignKey(p => p.DataKeyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}
