using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MailManager.Api.Protocol;

/// <summary>
/// JSON as the AWS JSON protocols write it: members by their API names (the model's property names), enums in
/// upper snake case (<c>MAIL_FROM</c>, <c>TLS1_2</c>), timestamps as epoch seconds, unset members left out, unknown
/// members ignored.
/// </summary>
public static class ApiJson
{
    /// <summary>For answers, which are written as anonymous objects (all of whose properties are read-only).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ExactEnumConverterFactory(), new EpochSecondsConverter() },
    };

    /// <summary>For the model's own types (rules, policy statements), whose read-only properties are derived, not data.</summary>
    public static readonly JsonSerializerOptions ModelOptions = new(Options) { IgnoreReadOnlyProperties = true };

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    public static JsonNode? ModelToNode<T>(T value) => JsonSerializer.SerializeToNode(value, ModelOptions);

    public static string Enum<T>(T value) where T : struct, System.Enum =>
        JsonSerializer.SerializeToNode(value, Options)!.GetValue<string>();

    public static double Epoch(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Reads a request member as <typeparamref name="T"/>; a value of the wrong shape is a ValidationException naming it.</summary>
    public static T Read<T>(JsonElement value, string member)
    {
        try
        {
            return value.Deserialize<T>(ModelOptions) ?? throw ApiException.Validation($"{member}: a value is required.");
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p ? member + p.TrimStart('$') : member;
            throw ApiException.Validation($"{path}: {ShapeMessage(e)}");
        }
    }

    private static string ShapeMessage(JsonException e) =>
        e.Message.StartsWith(ExactEnumConverterFactory.MessageStart, StringComparison.Ordinal) ? e.Message
        : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "the value does not have the expected type." : "the value is malformed.";

    /// <summary>
    /// Enums by their API spellings only (<c>MAIL_FROM</c>, <c>TLS1_2</c>): a C# name, another case, a number or a
    /// comma-separated list, which a general enum converter would take, is refused as SES refuses it.
    /// </summary>
    private sealed class ExactEnumConverterFactory : JsonConverterFactory
    {
        public const string MessageStart = "must be one of ";

        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ExactEnumConverter<>).MakeGenericType(typeToConvert))!;

        private sealed class ExactEnumConverter<T> : JsonConverter<T> where T : struct, System.Enum
        {
            private static readonly Dictionary<T, string> Names =
                System.Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseUpper.ConvertName(v.ToString()));

            private static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out var value)
                    ? value
                    : throw new JsonException($"{MessageStart}{string.Join(", ", Names.Values)}.");

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                writer.WriteStringValue(Names.TryGetValue(value, out var name) ? name : throw new JsonException($"{typeof(T).Name} {value} has no API name."));
        }
    }

    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000))
                : DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(Epoch(value));
    }
}
