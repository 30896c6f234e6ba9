using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Palermo.Cases;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// Picklist values in the API's JSON, by name, as the API takes them in and HTCDS files carry them: a single choice
/// is a string (<c>"ClosedReferred"</c>), a multi-select (a <see cref="FlagsAttribute"/> enum) a list of names
/// (<c>["ForcedLabour", "ForcedBegging"]</c>, <c>[]</c> for none) — the shape the case input takes, so what a GET
/// returns can be sent back in a PUT. Numbers are still read, for clients written against the earlier output.
/// </summary>
public static class PicklistJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new FlagsListConverterFactory());
        options.Converters.Add(new JsonStringEnumConverter());
    }

    /// <summary>
    /// The OpenAPI document describes a multi-select as what the converter writes, a list of names; without this it
    /// would say nothing about the value at all (a custom converter hides the type from the schema generator).
    /// </summary>
    public static Task DescribeFlags(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (!type.IsEnum || !type.IsDefined(typeof(FlagsAttribute), false)) return Task.CompletedTask;
        schema.Type = JsonSchemaType.Array;
        schema.Items = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. Enum.GetNames(type).Where(n => n != "None").Select(n => (JsonNode)JsonValue.Create(n))],
        };
        return Task.CompletedTask;
    }

    private sealed class FlagsListConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && typeToConvert.IsDefined(typeof(FlagsAttribute), false);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(FlagsListConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class FlagsListConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
                return (T)Enum.ToObject(typeof(T), reader.GetInt64());
            var names = new List<string>();
            if (reader.TokenType == JsonTokenType.String) names.Add(reader.GetString()!.Replace(',', ';'));
            else if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException();
            else
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    names.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException());
            }

            // An unknown name is a value of the wrong kind: the problem names the JSON path, as for any other.
            try { return Vocabulary.ParseFlags<T>(names, typeof(T).Name); }
            catch (DomainException) { throw new JsonException(); }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var name in Vocabulary.Names(value)) writer.WriteStringValue(name);
            writer.WriteEndArray();
        }
    }
}
