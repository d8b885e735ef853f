using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Shared;

/// <summary>
/// Turns a validation key from the core (<c>Rules[0].Actions[1].RelayId</c>) into the
/// <see cref="FieldIdentifier"/> of the object a form field is bound to, so the message shows
/// next to that field.
/// </summary>
public static partial class FieldPath
{
    public static FieldIdentifier Resolve(object model, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return new FieldIdentifier(model, "");
        }

        var segments = path.Split('.');
        object current = model;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var next = Step(current, segments[i]);
            if (next is null)
            {
                return new FieldIdentifier(model, path);
            }
            current = next;
        }

        var last = IndexedSegment().Match(segments[^1]);
        if (last.Success)
        {
            // "Entries[2]" as the last segment names the list item itself.
            return Step(current, segments[^1]) is { } item ? new FieldIdentifier(item, "") : new FieldIdentifier(model, path);
        }
        return new FieldIdentifier(current, segments[^1]);
    }

    private static object? Step(object current, string segment)
    {
        var match = IndexedSegment().Match(segment);
        var name = match.Success ? match.Groups["name"].Value : segment;
        var value = current.GetType().GetProperty(name)?.GetValue(current);
        if (!match.Success)
        {
            return value;
        }
        var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return value is IList list && index < list.Count ? list[index] : null;
    }

    [GeneratedRegex(@"^(?<name>\w+)\[(?<index>\d+)\]$")]
    private static partial Regex IndexedSegment();
}
