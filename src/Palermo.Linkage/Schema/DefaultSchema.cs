namespace Palermo.Linkage.Schema;

/// <summary>
/// The schema for the linkage CSV columns <c>given_name,family_name,date_of_birth,sex,citizenship</c>.
/// Budgets and hardening were chosen with the quality evaluation; docs/linkage.md records the curve.
/// </summary>
public static class DefaultSchema
{
    public static readonly IReadOnlyList<string> Columns = ["given_name", "family_name", "date_of_birth", "sex", "citizenship"];

    private static readonly string[] Unknown = ["unknown", "unk", "n/a", "na", "none", "-", "?", "x", "xx", "xxx"];

    public static LinkageSchema Create() => new()
    {
        FilterBits = 1024,
        Hardening = new HardeningOptions { Balance = false },
        Fields =
        [
            Name("given_name"),
            Name("family_name"),
            new FieldSchema
            {
                Name = "date_of_birth",
                Tokenizer = TokenizerKind.Date,
                Neighbourhood = 2,
                BitsPerFeature = 100,
                MissingValues = Unknown,
            },
            new FieldSchema { Name = "sex", Tokenizer = TokenizerKind.Exact, BitsPerFeature = 8, MissingValues = Unknown },
            new FieldSchema { Name = "citizenship", Tokenizer = TokenizerKind.Exact, BitsPerFeature = 12, MissingValues = Unknown },
        ],
    };

    private static FieldSchema Name(string column) => new()
    {
        Name = column,
        KeyGroup = "name",
        Tokenizer = TokenizerKind.NGram,
        N = 2,
        Phonetic = true,
        BitsPerFeature = 100,
        MissingValues = Unknown,
    };
}
