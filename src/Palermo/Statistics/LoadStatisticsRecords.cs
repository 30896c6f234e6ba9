using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using Palermo.Cases;
using Palermo.Data;

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

        // Four sequential scans joined in memory: on a million cases a database join to Person costs a random
        // index lookup per case (15 s on SQLite), while scanning Person once and hashing it takes well under a second.
        var mapper = new CaseRecordMapper();
        var kinds = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Kind, ct);
        var persons = new Dictionary<Guid, (Gender Gender, CountryCode? Citizenship)>();
        await foreach (var p in db.Persons.AsNoTracking().Select(p => new { p.Id, p.Gender, p.Citizenships }).AsAsyncEnumerable().WithCancellation(ct))
        {
            persons[p.Id] = (p.Gender, mapper.Country(CaseRecordMapper.FirstCitizenship(p.Citizenships)));
        }

        var places = new Dictionary<Guid, (CountryCode? Recruitment, DateOnly? RecruitedOn, CountryCode? Exploitation, DateOnly? ExploitedOn)>();
        var events = db.Set<CaseEvent>().AsNoTracking()
            .Where(e => e.Type == TraffickingEventType.Recruitment || e.Type == TraffickingEventType.Exploitation)
            .Select(e => new { e.CaseId, e.Type, e.Country, e.Date });
        await foreach (var e in events.AsAsyncEnumerable().WithCancellation(ct))
        {
            places.TryGetValue(e.CaseId, out var p);
            // The earliest dated event of each type wins (undated ones only when nothing is dated).
            if (e.Type == TraffickingEventType.Recruitment && (p.Recruitment is null || Earlier(e.Date, p.RecruitedOn))) p = p with { Recruitment = mapper.Country(e.Country), RecruitedOn = e.Date };
            if (e.Type == TraffickingEventType.Exploitation && (p.Exploitation is null || Earlier(e.Date, p.ExploitedOn))) p = p with { Exploitation = mapper.Country(e.Country), ExploitedOn = e.Date };
            places[e.CaseId] = p;
        }

        var rows = cases.Select(c => new CaseRow(
            c.Id, c.PersonId, c.OrganisationId, c.IdentificationDate, c.AgeAtIdentification, c.Exploitation,
            c.MethodsOfControl, c.LabourIndustry, c.SexExploitation, c.CountryOfDetection));

        var records = new List<StatisticsRecord>();
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            places.TryGetValue(row.CaseId, out var place);
            var person = persons[row.PersonId];
            records.Add(mapper.Map(row, person.Gender, person.Citizenship, kinds[row.OrganisationId], place.Recruitment, place.Exploitation));
        }

        return [.. records];
    }

    private static bool Earlier(DateOnly? candidate, DateOnly? current) => candidate is { } c && (current is null || c < current);

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
    Guid CaseId, Guid PersonId, Guid OrganisationId, DateOnly IdentifiedOn, int? Age, ExploitationType Exploitation,
    MethodOfControl Methods, LabourIndustry? Industry, SexExploitationType SexTypes, string CountryOfDetection);
