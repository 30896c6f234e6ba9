namespace Palermo.Data;

/// <summary>An editable record with an optimistic-concurrency token, bumped on every save that changes it.</summary>
public interface IVersioned
{
    long Version { get; set; }
}
