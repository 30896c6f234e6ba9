using System.Runtime.CompilerServices;
using Palermo.Organisations;

namespace Palermo.Statistics;

/// <summary>
/// Packs a <see cref="StatisticsRecord"/> into two 64-bit integers so the projection row is four numbers wide and
/// a reader unpacks it with shifts. Codes (bit offset:width): indicator 0:2, sex 2:2, age group 4:2, form 6:4,
/// organisation kind 10:6, CTDC age + 1 16:9 (0 = unknown), means 25:8, exploitation types 33:3, labour 36:4,
/// sex types 40:2, recruiter 42:4, duration 46:2. Places: citizenship 0:15, detection 15:15, recruitment 30:15,
/// exploitation 45:15 (<see cref="CountryCode"/>'s packed value; 0 = none).
/// </summary>
internal static class StatisticsRecordPacking
{
    public static long PackCodes(in StatisticsRecord r)
    {
        var c = r.Ctdc;
        var orgKind = (ulong)(uint)(int)r.ReportingOrgKind & 63;
        var age = c.AgeAtRegistration is { } years ? years + 1UL : 0UL;
        var v = ((ulong)r.Indicator & 3)
            | (((ulong)r.Sex & 3) << 2)
            | (((ulong)r.Age & 3) << 4)
            | (((ulong)r.Form & 15) << 6)
            | (orgKind << 10)
            | (age << 16)
            | ((ulong)c.Means << 25)
            | (((ulong)c.Exploitation & 7) << 33)
            | (((ulong)c.Labour & 15) << 36)
            | (((ulong)c.SexTypes & 3) << 40)
            | (((ulong)c.Recruiter & 15) << 42)
            | (((ulong)c.Duration & 3) << 46);
        return (long)v;
    }

    public static long PackPlaces(in StatisticsRecord r) =>
        (long)(Packed(r.Citizenship)
            | (Packed(r.CountryOfDetection) << 15)
            | (Packed(r.RecruitmentCountry) << 30)
            | (Packed(r.ExploitationCountry) << 45));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static StatisticsRecord Unpack(long personKey, int day, long codes, long places)
    {
        var v = (ulong)codes;
        var p = (ulong)places;
        var age = (int)(v >> 16) & 511;
        var ctdc = new CtdcAttributes(
            age == 0 ? null : (byte)(age - 1),
            (ControlMeans)(byte)(v >> 25),
            (ExploitationTypes)((v >> 33) & 7),
            (LabourTypes)((v >> 36) & 15),
            (SexExploitationTypes)((v >> 40) & 3),
            (RecruiterRelations)((v >> 42) & 15),
            (TraffickingDuration)((v >> 46) & 3));
        return new StatisticsRecord(
            personKey,
            (Indicator)(v & 3),
            DateOnly.FromDayNumber(day),
            (Sex)((v >> 2) & 3),
            (AgeGroup)((v >> 4) & 3),
            (ExploitationForm)((v >> 6) & 15),
            CountryCode.FromPacked((int)(p & 0x7FFF)),
            CountryCode.FromPacked((int)((p >> 15) & 0x7FFF)),
            CountryCode.FromPacked((int)((p >> 30) & 0x7FFF)),
            CountryCode.FromPacked((int)((p >> 45) & 0x7FFF)),
            (OrganisationKind)(int)((v >> 10) & 63),
            ctdc);
    }

    private static ulong Packed(CountryCode? code) => (uint)(code?.Packed ?? 0);
}
