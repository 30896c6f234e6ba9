using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Organisations;

namespace Palermo.Statistics;

/// <summary>
/// Builds the statistics module's de-identified records from the case records: one per case of a person whose
/// trafficking status is possible or actual victim, dated by the identification. It reads only readable, coded
/// columns (never a sealed field), so erased persons are still counted; the engine de-duplicates persons per
/// year by <see cref="StatisticsRecord.PersonKey"/>.
/// </summary>
public sealed class LoadStatisticsRecords(PalermoDbContext db)
{
    /// <summary>Loads the records of victims identified from <paramref name="fromYear"/> to <paramref name="toYear"/>
    /// (inclusive; null = unbounded). Streams one flat projection, so a million cases need no change tracking.</summary>
    public async Task<StatisticsRecord[]> HandleAsync(int? fromYear = null, int? toYear = null, CancellationToken ct = default)
    {
        var cases = db.Cases.AsNoTracking().Where(c =>
            c.TraffickingStatus == TraffickingStatus.PossibleVictimOfTrafficking || c.TraffickingStatus == TraffickingStatus.ActualVictimOfTrafficking);
        if (fromYear is { } f) cases = cases.Where(c => c.IdentificationDate >= new DateOnly(f, 1, 1));
        if (toYear is { } t) cases = cases.Where(c => c.IdentificationDate <= new DateOnly(t, 12, 31));

        var rows = from c in cases
                   join p in db.Persons on c.PersonId equals p.Id
                   join o in db.Organisations on c.OrganisationId equals o.Id
                   select new CaseRow(
                       c.PersonId, c.IdentificationDate, p.Gender, p.Citizenships, c.AgeAtIdentification, c.Exploitation,
                       c.MethodsOfControl, c.LabourIndustry, c.SexExploitation, c.CountryOfDetection, o.Kind,
                       // The first recorded recruitment / exploitation place, as a correlated lookup on the CaseId index.
                       c.Events.Where(e => e.Type == TraffickingEventType.Recruitment).OrderBy(e => e.Date).Select(e => e.Country).FirstOrDefault(),
                       c.Events.Where(e => e.Type == TraffickingEventType.Exploitation).OrderBy(e => e.Date).Select(e => e.Country).FirstOrDefault());

        var mapper = new CaseRecordMapper();
        var records = new List<StatisticsRecord>();
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            records.Add(mapper.Map(row));
        }

        return [.. records];
    }

    /// <summary>A stable pseudonymous key: the two halves of the person id folded together. It is not the id
    /// shown anywhere, and cross-agency linkage may later replace it with a cluster key.</summary>
    public static long PersonKey(Guid personId)
    {
        Span<byte> bytes = stackalloc byte[16];
        personId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
    }
}

/// <summary>The columns of one counted case; no sealed field among them.</summary>
internal sealed record CaseRow(
    Guid PersonId, DateOnly IdentifiedOn, Gender Gender, string Citizenships, int? Age, ExploitationType Exploitation,
    MethodOfControl Methods, LabourIndustry? Industry, SexExploitationType SexTypes, string CountryOfDetection, OrganisationKind Kind,
    string? RecruitmentCountry, string? ExploitationCountry);
