using System.Globalization;

namespace Palermo.Linkage.Evaluation;

/// <summary>Synthetic people from many cultures, reproducible from a seed.</summary>
public sealed class PeopleGenerator(int seed)
{
    private readonly Random _random = new(seed);

    public SyntheticPerson Next(int personId)
    {
        NamePools.Culture c = NamePools.Cultures[_random.Next(NamePools.Cultures.Length)];
        bool female = _random.NextDouble() < 0.7;
        string given = c.GivenStarts is { } starts && c.GivenEnds is { } ends && _random.NextDouble() < 0.5
            ? Pick(starts) + Pick(ends)
            : Pick(female ? c.Female : c.Male);
        if (c.Middle is { } middle && _random.NextDouble() < 0.8)
        {
            given = Pick(middle) + " " + given;
        }

        // A second given name (or the father's name, by local custom) follows in many records.
        if (_random.NextDouble() < c.SecondGiven)
        {
            given += " " + Pick(c.Male);
        }

        string family = c.Prefixes is { } pre && c.Suffixes is { } suf && _random.NextDouble() < 0.6
            ? Pick(pre) + Pick(suf)
            : Pick(c.Family);
        if (c.DoubleSurname && _random.NextDouble() < 0.6)
        {
            family += " " + Pick(c.Family);
        }

        var dob = new DateOnly(1965, 1, 1).AddDays(_random.Next(0, 365 * 45));
        return new SyntheticPerson(
            personId, given, family, dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), female ? "F" : "M", c.Citizenship);
    }

    private string Pick(string[] names) => names[_random.Next(names.Length)];
}
