using System.Text.Json;
using System.Text.Json.Nodes;
using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Api.Wire;

/// <summary>
/// Policy statements in the API's shape. The stored conditions are SES's <c>PolicyCondition</c> union without the
/// <c>Evaluate</c> members, since each expression evaluates one fixed attribute here (<c>RECIPIENT</c>,
/// <c>SENDER_IP</c>, <c>SENDER_IPV6</c>, <c>TLS_PROTOCOL</c>); address lists go by ARN in <c>AddressLists</c>.
/// </summary>
public sealed class PolicyWire(ApiArns arns)
{
    private static readonly (string Member, string Attribute)[] Fixed =
    [
        ("StringExpression", "RECIPIENT"), ("IpExpression", "SENDER_IP"), ("Ipv6Expression", "SENDER_IPV6"), ("TlsExpression", "TLS_PROTOCOL"),
    ];

    private static readonly Dictionary<string, string> EvaluateNotOffered = new()
    {
        ["Analysis"] = "add-on analysis is not offered by MailManager.",
    };

    public JsonNode ToWire(IEnumerable<PolicyStatement> statements)
    {
        var node = ApiJson.ModelToNode(statements.ToList())!;
        foreach (var condition in WireNodes.Objects(node).SelectMany(s => WireNodes.Objects(s["Conditions"])))
        {
            foreach (var (member, attribute) in Fixed)
            {
                WireNodes.AddEvaluate(condition[member] as JsonObject, attribute);
            }
            if (condition["BooleanExpression"] is JsonObject boolean && boolean["AddressListId"] is { } id)
            {
                boolean.Remove("AddressListId");
                boolean["Evaluate"] = new JsonObject
                {
                    ["IsInAddressList"] = new JsonObject
                    {
                        ["Attribute"] = "RECIPIENT",
                        ["AddressLists"] = new JsonArray(arns.For(ApiResourceType.AddressList, id.GetValue<string>())),
                    },
                };
            }
        }
        return node;
    }

    public List<PolicyStatement> FromWire(JsonElement? statements, string member = "PolicyStatements") =>
        WireNodes.ShapeChecked(member, () => Read(statements, member));

    private List<PolicyStatement> Read(JsonElement? statements, string member)
    {
        if (statements is not { ValueKind: JsonValueKind.Array } array)
        {
            throw ApiException.Validation($"{member}: a list of policy statements is required.");
        }
        var node = JsonNode.Parse(array.GetRawText())!;
        var i = 0;
        foreach (var statement in WireNodes.Objects(node))
        {
            var j = 0;
            var statementPath = WireNodes.Path(member, i++);
            foreach (var condition in WireNodes.Objects(statement["Conditions"]))
            {
                var path = WireNodes.Path($"{statementPath}.Conditions", j++);
                foreach (var (name, attribute) in Fixed)
                {
                    WireNodes.RefuseMembers(condition[name]?["Evaluate"] as JsonObject, $"{path}.{name}.Evaluate", EvaluateNotOffered);
                    WireNodes.RemoveEvaluate(condition[name] as JsonObject, attribute, $"{path}.{name}");
                }
                if (condition["BooleanExpression"] is JsonObject boolean)
                {
                    var evaluatePath = $"{path}.BooleanExpression.Evaluate";
                    WireNodes.RefuseMembers(boolean["Evaluate"] as JsonObject, evaluatePath, EvaluateNotOffered);
                    if (boolean["Evaluate"]?["IsInAddressList"] is not JsonObject inList)
                    {
                        throw ApiException.Validation($"{evaluatePath}.IsInAddressList: a value is required.");
                    }
                    if (inList["Attribute"]?.ToString() is { } attribute && attribute != "RECIPIENT")
                    {
                        throw ApiException.Validation($"{evaluatePath}.IsInAddressList.Attribute: only RECIPIENT is offered.");
                    }
                    boolean["AddressListId"] = WireNodes.OneAddressList(inList, $"{evaluatePath}.IsInAddressList",
                        (arn, m) => arns.Id(ApiResourceType.AddressList, arn, m));
                    boolean.Remove("Evaluate");
                }
            }
        }
        return ApiJson.Read<List<PolicyStatement>>(JsonSerializer.SerializeToElement(node), member);
    }
}
