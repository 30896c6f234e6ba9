using Microsoft.EntityFrameworkCore;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// Finds people already recorded in an organisation who look like a new one, without decrypting anyone: an exact
/// blind-index match on the name, or a similar keyed Bloom-filter encoding (typos, transliterations) of the name or
/// an alias, on either side.
/// Returns case references only.
/// </summary>
public sealed class PersonMatcher(PalermoDbContext db, BlindIndex index, NameEncoder encoder)
{
    public byte[] Encode(PersonDetails d) => encoder.Encode(d);

    public async Task<IReadOnlyList<string>> FindSimilarAsync(Guid organisationId, PersonDetails d, byte[] encoding, CancellationToken ct)
    {
        var nameIndex = index.Compute("name", d.GivenName + " " + d.FamilyName);
        // Persons first, through the (organisation, name index) index, then their cases through the person index: a
        // join from cases lets the planner walk every case of a large organisation looking for the name.
        // Ordered so that the warning names the same cases every time (and EF does not warn of a limit without order);
        // the matches of one exact name are few, so the sort costs nothing.
        var persons = await db.Persons.Where(p => p.OrganisationId == organisationId && p.NameIndex == nameIndex)
            .OrderBy(p => p.Id).Select(p => p.Id).Take(10).ToListAsync(ct);
        var exact = persons.Count == 0 ? [] : await db.Cases.Where(c => persons.Contains(c.PersonId) && c.OrganisationId == organisationId)
            .OrderBy(c => c.Reference).Select(c => c.Reference).Take(10).ToListAsync(ct);
        // The name's encoding, then each alias's: a person recorded under another name is the same person, and the
        // index holds the recorded persons' aliases too.
        var similar = new List<SimilarPerson>();
        foreach (var part in NameEncoder.Parts(encoding, encoder.FilterBytes))
        {
            similar.AddRange(await encoder.SearchAsync(db, organisationId, part, NameEncoder.DuplicateThreshold, 10, ct));
        }

        return exact.Concat(similar.OrderByDescending(s => s.Score).Select(s => s.Reference)).Distinct().Take(10).ToList();
    }
}
