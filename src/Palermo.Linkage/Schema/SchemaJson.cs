using System.Security.Cryptography;
using System.Text.Json;

namespace Palermo.Linkage.Schema;

/// <summary>Reads, writes and fingerprints linkage schemas (System.Text.Json, camelCase properties).</summary>
public static class SchemaJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt option must not silently fall back to a default and produce incompatible encodings.
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    private static readonly JsonSerializerOptions Canonical = new(Options) { WriteIndented = false };

    public static LinkageSchema Parse(string json)
    {
        LinkageSchema? schema;
        try
        {
            schema = JsonSerializer.Deserialize<LinkageSchema>(json, Options);
        }
        catch (JsonException e)
        {
            throw new LinkageException($"The linkage schema is not valid: {e.Message.Split('\n')[0]}", e);
        }

        if (schema is null)
        {
            throw new LinkageException("The linkage schema is empty.");
        }

        schema.Validate();
        return schema;
    }

    public static LinkageSchema Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new LinkageException($"Schema file not found: {path}");
        }

        return Parse(File.ReadAllText(path));
    }

    public static string Serialize(LinkageSchema schema) => JsonSerializer.Serialize(schema, Options);

    /// <summary>
    /// A short hash of the canonical schema (not of the secret). Embedded in the interchange file so that
    /// encodings made with different schemas are refused instead of silently compared.
    /// </summary>
    public static string Fingerprint(LinkageSchema schema)
    {
        byte[] canonical = JsonSerializer.SerializeToUtf8Bytes(schema, Canonical);
        return "v1-" + Convert.ToHexStringLower(SHA256.HashData(canonical).AsSpan(0, 12));
    }
}
