using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Palermo.Cases;

namespace Palermo.Statistics;

/// <summary>
/// The de-identified statistics projection of one case: a narrow row of small integer codes, written in the same
/// transaction as every change of the case (see <see cref="StatisticsProjection"/>) and read by
/// <see cref="LoadStatisticsRecords"/> in one sequential scan. It holds no personal data — a pseudonymous person
/// key, the identification day and packed codes — so erasing the person leaves it in place and the national
/// counts survive erasure. Layout and the reasons for it: docs/decisions/0006-statistics-projection.md.
/// </summary>
public sealed class CaseStatistics
{
    private CaseStatistics() { }

    internal CaseStatistics(Guid caseId) => CaseId = caseId;

    /// <summary>The case this row projects (primary key; deleted with the case).</summary>
    public Guid CaseId { get; private set; }

    /// <summary>True when the statistics count the case: trafficking status possible or actual victim.</summary>
    public bool Counted { get; internal set; }

    /// <summary><see cref="StatisticsRecord.PersonKey"/>: the person id folded to 64 bits (or, later, a linkage cluster key).</summary>
    public long PersonKey { get; internal set; }

    /// <summary>Identification date as <see cref="DateOnly.DayNumber"/>, so a year range is an integer range.</summary>
    public int Day { get; internal set; }

    /// <summary>Indicator, sex, age group, form, organisation kind and CTDC attributes, bit-packed (<see cref="StatisticsRecordPacking"/>).</summary>
    public long Codes { get; internal set; }

    /// <summary>Citizenship, detection, recruitment and exploitation countries, 15 bits each (0 = none).</summary>
    public long Places { get; internal set; }

    /// <summary>The record the engine counts.</summary>
    public StatisticsRecord ToRecord() => StatisticsRecordPacking.Unpack(PersonKey, Day, Codes, Places);

    internal void Set(bool counted, in StatisticsRecord record)
    {
        Counted = counted;
        PersonKey = record.PersonKey;
        Day = record.IdentifiedOn.DayNumber;
        Codes = StatisticsRecordPacking.PackCodes(record);
        Places = StatisticsRecordPacking.PackPlaces(record);
    }
}

internal sealed class CaseStatisticsConfiguration : IEntityTypeConfiguration<CaseStatistics>
{
    public void Configure(EntityTypeBuilder<CaseStatistics> b)
    {
        b.ToTable("CaseStatistics");
        b.HasKey(s => s.CaseId);
        b.Property(s => s.CaseId).ValueGeneratedNever();
        b.HasOne<Case>().WithOne().HasForeignKey<CaseStatistics>(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
