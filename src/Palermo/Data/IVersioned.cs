namespace Palermo.Data;

/// <summary>An editable record with an optimistic-concurrency token, bumped on every save that changes it.</summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>The version an edit was read at, which API bodies must carry.</summary>
public static class Versions
{
    public const string Required = "The version you read is required: send it back, so that a change someone made meanwhile is not overwritten.";

    /// <summary>
    /// The version, or a field error when it was left out: read as 0, a record never changed since it was created
    /// (version 0) would be overwritten without any check.
    /// </summary>
    public static long Require(long? version) => version ?? throw new DomainException("version", Required);
}
