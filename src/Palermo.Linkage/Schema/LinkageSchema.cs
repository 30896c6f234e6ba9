namespace Palermo.Linkage.Schema;

/// <summary>The agreed encoding of a linkage project. Every party must use the same schema and secret.</summary>
public sealed record LinkageSchema
{
    public int Version { get; init; } = 1;

    /// <summary>Length of the output filter in bits (after balancing or folding).</summary>
    public int FilterBits { get; init; } = 1024;

    public HardeningOptions Hardening { get; init; } = new();

    public required IReadOnlyList<FieldSchema> Fields { get; init; }

    /// <summary>Throws <see cref="LinkageException"/> with one clear line when the schema cannot work.</summary>
    public void Validate()
    {
        if (Version != 1)
        {
            throw new LinkageException($"Unsupported linkage schema version {Version}; this build reads version 1.");
        }

        if (FilterBits < 64 || FilterBits > 65536 || FilterBits % 8 != 0)
        {
            throw new LinkageException("filterBits must be a multiple of 8 between 64 and 65536.");
        }

        if (Hardening.Balance && Hardening.XorFold)
        {
            throw new LinkageException("Choose balancing or XOR-folding, not both.");
        }

        if (Hardening.Balance && FilterBits % 16 != 0)
        {
            throw new LinkageException("A balanced filter needs filterBits divisible by 16.");
        }

        if (Fields.Count == 0)
        {
            throw new LinkageException("The linkage schema has no fields.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (FieldSchema f in Fields)
        {
            if (string.IsNullOrWhiteSpace(f.Name) || !names.Add(f.Name))
            {
                throw new LinkageException("Every schema field needs a unique, non-empty name.");
            }

            if (f.BitsPerFeature < 1 || f.N < 1 || f.Resolution < 1 || f.Neighbourhood < 0)
            {
                throw new LinkageException($"Field '{f.Name}': bitsPerFeature, n and resolution must be positive.");
            }
        }

        if (Hardening.SaltField is { } salt && !names.Contains(salt))
        {
            throw new LinkageException($"The salt field '{salt}' is not a schema field.");
        }
    }
}
