namespace Palermo.Linkage.Evaluation;

/// <summary>A generated record with the linkage CSV columns; <see cref="PersonId"/> is the hidden truth.</summary>
public sealed record SyntheticPerson(
    int PersonId, string GivenName, string FamilyName, string DateOfBirth, string Sex, string Citizenship)
{
    public string?[] Values => [GivenName, FamilyName, DateOfBirth, Sex, Citizenship];
}
