using System.Text.Json.Nodes;
using MailManager.Api.Protocol;

namespace MailManager.Api.Wire;

/// <summary>Small edits of JSON trees, for the few members where the stored model and the API's shape differ.</summary>
internal static class WireNodes
{
    public static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray items ? items.OfType<JsonObject>() : [];

    /// <summary>Adds <c>Evaluate: { Attribute: … }</c> to a member that evaluates a single fixed attribute.</summary>
    public static void AddEvaluate(JsonObject? expression, string attribute)
    {
        if (expression is not null)
        {
            expression["Evaluate"] = new JsonObject { ["Attribute"] = attribute };
        }
    }

    /// <summary>Removes <c>Evaluate</c> from a member whose only attribute is <paramref name="attribute"/>; another one is refused.</summary>
    public static void RemoveEvaluate(JsonObject? expression, string attribute, string member)
    {
        if (expression is null || expression["Evaluate"] is not { } evaluate)
        {
            return;
        }
        var given = evaluate["Attribute"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? evaluate["Attribute"]!.GetValue<string>() : null;
        if (given != attribute)
        {
            throw ApiException.Validation($"{member}.Evaluate: only Attribute {attribute} is offered here.");
        }
        expression.Remove("Evaluate");
    }

    /// <summary>Refuses members of a union that the gateway does not offer, with what to use instead.</summary>
    public static void RefuseMembers(JsonObject? union, string member, IReadOnlyDictionary<string, string> notOffered)
    {
        if (union is null)
        {
            return;
        }
        foreach (var (name, why) in notOffered)
        {
            if (union.ContainsKey(name))
            {
                throw ApiException.Validation($"{member}.{name}: {why}");
            }
        }
    }

    /// <summary>One address list's ARN from <c>AddressLists</c> (SES allows one), as the stored ID.</summary>
    public static string OneAddressList(JsonObject isInAddressList, string member, Func<string, string, string> idOf)
    {
        if (isInAddressList["AddressLists"] is not JsonArray { Count: 1 } lists || lists[0]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            throw ApiException.Validation($"{member}.AddressLists: give exactly one address list ARN.");
        }
        return idOf(lists[0]!.GetValue<string>(), $"{member}.AddressLists[0]");
    }

    public static string Path(string parent, int index) => $"{parent}[{index}]";

    /// <summary>
    /// Runs a reading of <paramref name="member"/>: a member of the wrong JSON kind (a string where a structure belongs)
    /// makes the tree edits throw InvalidOperationException, which is bad input, answered as a ValidationException.
    /// </summary>
    public static T ShapeChecked<T>(string member, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            throw ApiException.Validation($"{member}: a member has the wrong shape (a value where a structure or list is expected, or the other way round).");
        }
    }
}
