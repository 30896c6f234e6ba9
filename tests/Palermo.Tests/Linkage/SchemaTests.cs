using Palermo.Linkage;
using Palermo.Linkage.Schema;
using Xunit;

namespace Palermo.Tests.Linkage;

public sealed class SchemaTests
{
    [Fact]
    public void Parse_SerializedDefault_RoundTripsWithTheSameFingerprint()
    {
        LinkageSchema schema = DefaultSchema.Create();
        LinkageSchema parsed = SchemaJson.Parse(SchemaJson.Serialize(schema));
        Assert.Equal(SchemaJson.Fingerprint(schema), SchemaJson.Fingerprint(parsed));
    }

    [Fact]
    public void Fingerprint_ChangedBudget_Differs()
    {
        LinkageSchema schema = DefaultSchema.Create();
        LinkageSchema changed = schema with { Fields = [.. schema.Fields.Select(f => f with { BitsPerFeature = f.BitsPerFeature + 1 })] };
        Assert.NotEqual(SchemaJson.Fingerprint(schema), SchemaJson.Fingerprint(changed));
    }

    [Fact]
    public void Parse_MisspeltOption_IsRefused()
    {
        string json = SchemaJson.Serialize(DefaultSchema.Create()).Replace("\"bitsPerFeature\"", "\"bitsPerFeatur\"", StringComparison.Ordinal);
        Assert.Throws<LinkageException>(() => SchemaJson.Parse(json));
    }

    [Fact]
    public void Parse_BalanceAndFold_IsRefused()
    {
        string json = """{ "fields": [ { "name": "given_name" } ], "hardening": { "balance": true, "xorFold": true } }""";
        Assert.Throws<LinkageException>(() => SchemaJson.Parse(json));
    }
}
