using System.Text.Json;
using Palermo.Linkage.Bits;

namespace Palermo.Linkage.Interchange;

/// <summary>
/// The clkhash interchange format <c>{"clks": ["&lt;base64&gt;", ...]}</c>. Palermo adds one property,
/// <c>palermo_schema</c>, holding the schema fingerprint (never the secret); clkhash readers ignore it.
/// </summary>
public static class ClkFile
{
    public const string ClksProperty = "clks";
    public const string SchemaProperty = "palermo_schema";

    public static void Write(Stream stream, FilterSet filters, string? schemaFingerprint)
    {
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteStartArray(ClksProperty);
        for (int i = 0; i < filters.Count; i++)
        {
            writer.WriteBase64StringValue(filters.Bytes(i));
            if (writer.BytesPending > 1 << 16)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        if (schemaFingerprint is not null)
        {
            writer.WriteString(SchemaProperty, schemaFingerprint);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/> and moves it into place, so a failure never leaves a partial file.</summary>
    public static void WriteAtomically(string path, FilterSet filters, string? schemaFingerprint) =>
        AtomicFile.Write(path, stream => Write(stream, filters, schemaFingerprint));
}
