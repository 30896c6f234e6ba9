using System.Globalization;
using System.Text;

namespace Palermo.Linkage.Evaluation;

/// <summary>
/// Makes a second agency's record of the same person: typos, transliteration variants, a swapped day and month,
/// a birth date estimated 1–2 years off, missing fields, swapped name order, nicknames. One to three
/// corruptions per record, reproducible from a seed.
/// </summary>
public sealed class Corruptor(int seed)
{
    private readonly Random _random = new(seed);

    public SyntheticPerson Corrupt(SyntheticPerson p)
    {
        double roll = _random.NextDouble();
        int count = roll < 0.55 ? 1 : roll < 0.9 ? 2 : 3;
        for (int i = 0; i < count; i++)
        {
            p = _random.Next(8) switch
            {
                0 => p with { FamilyName = Typo(p.FamilyName) },
                1 => p with { GivenName = Typo(p.GivenName) },
                2 => p with { GivenName = Variant(p.GivenName), FamilyName = Variant(p.FamilyName) },
                3 => p with { DateOfBirth = SwapDayMonth(p.DateOfBirth) },
                4 => p with { DateOfBirth = Estimate(p.DateOfBirth) },
                5 => Missing(p),
                6 => p with { GivenName = p.FamilyName, FamilyName = p.GivenName },
                _ => p with { GivenName = NamePools.Nicknames.GetValueOrDefault(p.GivenName.Split(' ')[0], Typo(p.GivenName)) },
            };
        }

        return p;
    }

    private string Typo(string s)
    {
        if (s.Length < 3)
        {
            return s;
        }

        var sb = new StringBuilder(s);
        int i = 1 + _random.Next(s.Length - 2);
        char letter = (char)('a' + _random.Next(26));
        switch (_random.Next(4))
        {
            case 0: sb[i] = letter; break;
            case 1: sb.Remove(i, 1); break;
            case 2: sb.Insert(i, letter); break;
            default: (sb[i], sb[i - 1]) = (sb[i - 1], sb[i]); break;
        }

        return sb.ToString();
    }

    private string Variant(string name)
    {
        foreach (string[] group in NamePools.Variants)
        {
            if (Array.IndexOf(group, name) >= 0)
            {
                return group[_random.Next(group.Length)];
            }
        }

        return name;
    }

    private static string SwapDayMonth(string dob)
    {
        if (dob.Length != 10 || int.Parse(dob[8..], CultureInfo.InvariantCulture) > 12)
        {
            return dob;
        }

        return dob[..5] + dob[8..] + "-" + dob[5..7];
    }

    private string Estimate(string dob)
    {
        if (dob.Length < 4)
        {
            return dob;
        }

        // An estimated age: the year is off by one or two, and the day often becomes 1 January or is dropped.
        int year = int.Parse(dob[..4], CultureInfo.InvariantCulture) + ((_random.Next(2) == 0 ? -1 : 1) * (1 + _random.Next(2)));
        string y = year.ToString(CultureInfo.InvariantCulture);
        return _random.Next(3) switch
        {
            0 => y + "-01-01",
            1 => y,
            _ => y + dob[4..],
        };
    }

    private SyntheticPerson Missing(SyntheticPerson p) => _random.Next(4) switch
    {
        0 => p with { DateOfBirth = string.Empty },
        1 => p with { Citizenship = string.Empty },
        2 => p with { Sex = string.Empty },
        _ => p with { GivenName = string.Empty },
    };
}
