using Palermo.Data;

namespace Palermo.Organisations;

public sealed class Organisation : IVersioned
{
    public const int NameMaxLength = 200;

    private Organisation() { Name = ""; Country = ""; }

    public Organisation(string name, OrganisationKind kind, string countryAlpha3, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        Name = name;
        Kind = kind;
        Country = countryAlpha3;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public OrganisationKind Kind { get; private set; }
    /// <summary>ISO 3166-1 alpha-3.</summary>
    public string Country { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public bool IsActive { get; private set; } = true;
    public long Version { get; set; }

    public void Rename(string name) => Name = name;

    public void Deactivate() => IsActive = false;
}
