using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// The JSON of rules and actions as they are stored: the SES union shapes, members by their API names, enums by name,
/// unset members left out.
/// </summary>
public static class RuleActionJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        IgnoreReadOnlyProperties = true,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"Expected a {typeof(T).Name}, found null.");

    public static RuleAction Clone(RuleAction action) => Deserialize<RuleAction>(Serialize(action));
}
