using MailManager.Core.RuleSets.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MailManager.Data.Common;

/// <summary>
/// A property stored as one JSON text column in the rule model's own JSON (<see cref="RuleActionJson"/>): the SES union
/// shapes, which EF Core's owned JSON cannot hold (a union member per action, nested unions in conditions). The
/// hand-written statements write the same text with <see cref="Write{T}"/>.
/// </summary>
internal static class JsonColumn
{
    public static string Write<T>(T value) => RuleActionJson.Serialize(value);

    public static T Read<T>(string json) => RuleActionJson.Deserialize<T>(json);

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class? =>
        property.HasConversion(
            v => Write(v),
            v => Read<T>(v),
            new ValueComparer<T>((a, b) => Write(a) == Write(b), v => Write(v).GetHashCode(), v => Read<T>(Write(v))));
}
