using System.Text.Json;
using System.Text.Json.Nodes;
using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Core.RuleSets;

namespace MailManager.Api.Wire;

/// <summary>
/// Rules in the API's shape. The model is SES's unions already; the API adds only what the model leaves implicit:
/// <c>Evaluate</c> on the IP and number expressions (each has one attribute), address lists by ARN in
/// <c>AddressLists</c>, the mailbox of <c>DeliverToMailbox</c> in <c>MailboxArn</c>, and relays by ID or ARN.
/// </summary>
public sealed class RuleWire(ApiArns arns)
{
    private static readonly Dictionary<string, string> ConditionsNotOffered = new()
    {
        ["VerdictExpression"] = "SPF and DKIM verdicts are not offered by MailManager yet.",
        ["DmarcExpression"] = "DMARC policies are not offered by MailManager yet.",
    };

    private static readonly Dictionary<string, string> ActionsNotOffered = new()
    {
        ["Archive"] = "archiving is not offered by MailManager yet; WriteToS3 keeps a copy in a folder.",
        ["Send"] = "sending through SES is not offered; use Relay with an SMTP relay.",
        ["DeliverToQBusiness"] = "Amazon Q Business is not offered.",
        ["PublishToSns"] = "Amazon SNS is not offered; the Webhook action posts the notification to an HTTPS URL.",
        ["InvokeLambda"] = "AWS Lambda is not offered; the Webhook action posts the message to an HTTPS URL.",
    };

    private static readonly Dictionary<string, string> EvaluateNotOffered = new()
    {
        ["Analysis"] = "add-on analysis is not offered by MailManager.",
        ["ClientCertificateAttribute"] = "client certificates (MTLS) are not offered by MailManager yet.",
    };

    public JsonNode ToWire(IEnumerable<Rule> rules)
    {
        var node = ApiJson.ModelToNode(rules.ToList())!;
        foreach (var rule in WireNodes.Objects(node))
        {
            foreach (var condition in WireNodes.Objects(rule["Conditions"]).Concat(WireNodes.Objects(rule["Unless"])))
            {
                WireNodes.AddEvaluate(condition["IpExpression"] as JsonObject, "SOURCE_IP");
                WireNodes.AddEvaluate(condition["NumberExpression"] as JsonObject, "MESSAGE_SIZE");
                if (condition["BooleanExpression"]?["Evaluate"]?["IsInAddressList"] is JsonObject list && list["AddressListId"] is { } id)
                {
                    list.Remove("AddressListId");
                    list["AddressLists"] = new JsonArray(arns.For(ApiResourceType.AddressList, id.GetValue<string>()));
                }
            }
            foreach (var action in WireNodes.Objects(rule["Actions"]))
            {
                if (action["DeliverToMailbox"] is JsonObject mailbox && mailbox["Server"] is { } server)
                {
                    mailbox.Remove("Server");
                    mailbox["MailboxArn"] = server.GetValue<string>();
                }
            }
        }
        return node;
    }

    public List<Rule> FromWire(JsonElement? rules, string member = "Rules") =>
        WireNodes.ShapeChecked(member, () => Read(rules, member));

    private List<Rule> Read(JsonElement? rules, string member)
    {
        if (rules is not { ValueKind: JsonValueKind.Array } array)
        {
            throw ApiException.Validation($"{member}: a list of rules is required.");
        }
        var node = JsonNode.Parse(array.GetRawText())!;
        var i = 0;
        foreach (var rule in WireNodes.Objects(node))
        {
            var rulePath = WireNodes.Path(member, i++);
            foreach (var (listName, list) in new[] { ("Conditions", rule["Conditions"]), ("Unless", rule["Unless"]) })
            {
                var j = 0;
                foreach (var condition in WireNodes.Objects(list))
                {
                    var path = WireNodes.Path($"{rulePath}.{listName}", j++);
                    WireNodes.RefuseMembers(condition, path, ConditionsNotOffered);
                    WireNodes.RefuseMembers(condition["StringExpression"]?["Evaluate"] as JsonObject, $"{path}.StringExpression.Evaluate", EvaluateNotOffered);
                    WireNodes.RefuseMembers(condition["BooleanExpression"]?["Evaluate"] as JsonObject, $"{path}.BooleanExpression.Evaluate", EvaluateNotOffered);
                    WireNodes.RemoveEvaluate(condition["IpExpression"] as JsonObject, "SOURCE_IP", $"{path}.IpExpression");
                    WireNodes.RemoveEvaluate(condition["NumberExpression"] as JsonObject, "MESSAGE_SIZE", $"{path}.NumberExpression");
                    if (condition["BooleanExpression"]?["Evaluate"]?["IsInAddressList"] is JsonObject inList)
                    {
                        var listPath = $"{path}.BooleanExpression.Evaluate.IsInAddressList";
                        inList["AddressListId"] = WireNodes.OneAddressList(inList, listPath, (arn, m) => arns.Id(ApiResourceType.AddressList, arn, m));
                        inList.Remove("AddressLists");
                    }
                }
            }
            var k = 0;
            foreach (var action in WireNodes.Objects(rule["Actions"]))
            {
                var path = WireNodes.Path($"{rulePath}.Actions", k++);
                WireNodes.RefuseMembers(action, path, ActionsNotOffered);
                if (action["Relay"] is JsonObject relay && relay["Relay"]?.GetValueKind() == JsonValueKind.String)
                {
                    relay["Relay"] = arns.Id(ApiResourceType.Relay, relay["Relay"]!.GetValue<string>(), $"{path}.Relay.Relay");
                }
                if (action["DeliverToMailbox"] is JsonObject mailbox)
                {
                    mailbox["Server"] = mailbox["MailboxArn"]?.DeepClone();
                    mailbox.Remove("MailboxArn");
                    mailbox.Remove("RoleArn");
                }
                (action["WriteToS3"] as JsonObject)?.Remove("RoleArn");
                (action["WriteToS3"] as JsonObject)?.Remove("S3SseKmsKeyId");
                (action["Bounce"] as JsonObject)?.Remove("RoleArn");
            }
        }
        return ApiJson.Read<List<Rule>>(JsonSerializer.SerializeToElement(node), member);
    }
}
