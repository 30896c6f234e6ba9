using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Cases;

/// <summary>
/// The data subject. Every identifying field is sealed with the person's own data key; the blind index allows an
/// exact name lookup without decryption. Destroying the data key erases the person everywhere at once.
/// </summary>
public sealed class Person : IVersioned
{
    public const int NameMaxLength = 200;

    private Person() { NameIndex = ""; GivenName = null!; }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid DataKeyId { get; private set; }
    public DataKey DataKey { get; private set; } = null!;
    public Sealed GivenName { get; private set; }
    public Sealed? FamilyName { get; private set; }
    public string NameIndex { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ErasedAt { get; private set; }
    public long Version { get; set; }

    public static Person Register(Guid organisationId, string givenName, string? familyName, PersonCrypto crypto, BlindIndex index, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(givenName)) throw new DomainException("givenName", "A given name is required.");
        if (givenName.Length > NameMaxLength) throw new DomainException("givenName", $"The given name must be at most {NameMaxLength} characters.");
        if (familyName is { Length: > NameMaxLength }) throw new DomainException("familyName", $"The family name must be at most {NameMaxLength} characters.");
        var key = crypto.NewKey(now);
        return new Person
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            DataKey = key,
            DataKeyId = key.Id,
            GivenName = crypto.Seal(key, "givenName", givenName.Trim()),
            FamilyName = crypto.SealOptional(key, "familyName", familyName?.Trim()),
            NameIndex = index.Compute("name", givenName + " " + familyName),
            CreatedAt = now,
        };
    }

    /// <summary>Crypto-shredding: the sealed fields stay as unreadable bytes; the lookup index is cleared.</summary>
    public void Erase(DateTime now)
    {
        DataKey.Destroy(now);
        NameIndex = "";
        ErasedAt = now;
    }
}
