using Microsoft.EntityFrameworkCore;
using Palermo.Data;
using Palermo.Linkage.Interchange;

namespace Palermo.CrossAgency;

/// <summary>
/// Part of erasing a person (<see cref="Privacy.ErasePerson"/>): the person's encodings in earlier linkage
/// submissions are crypto-shredding's blind spot — a Bloom filter is not sealed with the person's data key, and
/// anyone holding the project secret could test guesses against it. So each of the person's encodings is
/// overwritten with an all-zero filter (Dice 0 with everything: it can never match again, and a download holds no
/// trace of it), the position map entry becomes the empty id (the organisation can no longer resolve it), and the
/// position is removed from stored result groups. Counts already reported stay as they were: they are
/// de-identified statistics, like the facts erasure keeps.
/// </summary>
internal static class LinkageErasure
{
    public static async Task<int> ForgetAsync(PalermoDbContext db, Guid personId, Guid organisationId, CancellationToken ct)
    {
        var id = personId.ToString();
        var submissions = await db.Set<LinkageSubmission>()
            .Where(s => s.OrganisationId == organisationId && s.PersonMap != null && s.PersonMap.Contains(id)).ToListAsync(ct);
        foreach (var s in submissions)
        {
            var position = s.Forget(personId);
            if (position < 0) continue;
            var results = await db.Set<LinkageResult>().Where(r => r.ProjectId == s.ProjectId).ToListAsync(ct);
            foreach (var r in results)
            {
                var index = r.SubmissionOrder().ToList().IndexOf(s.Id);
                if (index >= 0) r.Forget(index, position);
            }
        }

        return submissions.Count;
    }

    /// <summary>The clkhash JSON with the filter at <paramref name="position"/> replaced by zeros.</summary>
    public static byte[] ZeroFilter(byte[] encodings, int position, string label)
    {
        var data = ClkReader.Read(new MemoryStream(encodings, writable: false), label);
        data.Filters[position].Clear();
        using var output = new MemoryStream();
        ClkFile.Write(output, data.Filters, data.SchemaFingerprint);
        return output.ToArray();
    }
}
