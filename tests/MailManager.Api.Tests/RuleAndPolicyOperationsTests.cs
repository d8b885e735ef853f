using System.Text.Json.Nodes;
using MailManager.Api.Tests.Infrastructure;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;

namespace MailManager.Api.Tests;

public sealed class RuleAndPolicyOperationsTests(ApiServer server) : IClassFixture<ApiServer>
{
    private AwsJsonClient Api => server.Client;

    private async Task<(string Id, string Arn)> AddressListAsync(string name)
    {
        var id = (await Api.MailManagerAsync("CreateAddressList", new { AddressListName = name })).Ok["AddressListId"]!.GetValue<string>();
        return (id, $"arn:aws:ses:us-east-1:000000000000:mailmanager-address-list/{id}");
    }

    private async Task<string> RelayAsync(string name) =>
        (await Api.MailManagerAsync("CreateRelay", new { RelayName = name, ServerName = "127.0.0.1", ServerPort = 2525, Authentication = new { NoAuthentication = new { } } }))
            .Ok["RelayId"]!.GetValue<string>();

    [Fact]
    public async Task A_rule_set_in_the_SES_shape_is_stored_as_the_model_and_read_back_in_the_SES_shape()
    {
        var (listId, listArn) = await AddressListAsync("vips");
        var relayId = await RelayAsync("rules-relay");
        var rules = JsonNode.Parse($$"""
        [{
          "Name": "gmail",
          "Conditions": [
            { "StringExpression": { "Evaluate": { "Attribute": "FROM" }, "Operator": "CONTAINS", "Values": ["gmail.com"] } },
            { "IpExpression": { "Evaluate": { "Attribute": "SOURCE_IP" }, "Operator": "CIDR_MATCHES", "Values": ["10.0.0.0/8", "2001:db8::/32"] } },
            { "NumberExpression": { "Evaluate": { "Attribute": "MESSAGE_SIZE" }, "Operator": "LESS_THAN", "Value": 1048576 } },
            { "BooleanExpression": { "Evaluate": { "IsInAddressList": { "Attribute": "RECIPIENT", "AddressLists": ["{{listArn}}"] } }, "Operator": "IS_TRUE" } }
          ],
          "Unless": [ { "StringExpression": { "Evaluate": { "MimeHeaderAttribute": "X-Skip" }, "Operator": "EQUALS", "Values": ["yes"] } } ],
          "Actions": [
            { "AddHeader": { "HeaderName": "X-Routed", "HeaderValue": "gmail" } },
            { "Relay": { "Relay": "arn:aws:ses:us-east-1:000000000000:mailmanager-smtp-relay/{{relayId}}", "MailFrom": "REPLACE", "ActionFailurePolicy": "DROP" } },
            { "WriteToS3": { "RoleArn": "arn:aws:iam::000000000000:role/ignored", "S3Bucket": "archive", "S3Prefix": "gmail" } },
            { "DeliverToMailbox": { "MailboxArn": "lmtp.example.com:24", "RoleArn": "arn:aws:iam::000000000000:role/ignored" } }
          ]
        }]
        """);

        var id = (await Api.MailManagerAsync("CreateRuleSet", new JsonObject { ["RuleSetName"] = "api-rules", ["Rules"] = rules })).Ok["RuleSetId"]!.GetValue<string>();

        var stored = (await server.Get<RuleSetService>().GetAsync(id))!.Rules.Single();
        Assert.Equal(RuleStringEmailAttribute.From, stored.Conditions[0].StringExpression!.Evaluate.Attribute);
        Assert.Equal(listId, stored.Conditions[3].BooleanExpression!.Evaluate.IsInAddressList!.AddressListId);
        Assert.Equal(relayId, stored.Actions[1].Relay!.Relay);
        Assert.Equal("lmtp.example.com:24", stored.Actions[3].DeliverToMailbox!.Server);

        var got = (await Api.MailManagerAsync("GetRuleSet", new { RuleSetId = id })).Ok;
        var rule = got["Rules"]![0]!;
        Assert.Equal("SOURCE_IP", rule["Conditions"]![1]!["IpExpression"]!["Evaluate"]!["Attribute"]!.GetValue<string>());
        Assert.Equal("MESSAGE_SIZE", rule["Conditions"]![2]!["NumberExpression"]!["Evaluate"]!["Attribute"]!.GetValue<string>());
        Assert.Equal(listArn, rule["Conditions"]![3]!["BooleanExpression"]!["Evaluate"]!["IsInAddressList"]!["AddressLists"]![0]!.GetValue<string>());
        Assert.Equal("X-Skip", rule["Unless"]![0]!["StringExpression"]!["Evaluate"]!["MimeHeaderAttribute"]!.GetValue<string>());
        Assert.Equal("REPLACE", rule["Actions"]![1]!["Relay"]!["MailFrom"]!.GetValue<string>());
        Assert.Equal("DROP", rule["Actions"]![1]!["Relay"]!["ActionFailurePolicy"]!.GetValue<string>());
        Assert.Equal("lmtp.example.com:24", rule["Actions"]![3]!["DeliverToMailbox"]!["MailboxArn"]!.GetValue<string>());
        Assert.Equal($"arn:aws:ses:us-east-1:000000000000:mailmanager-rule-set/{id}", got["RuleSetArn"]!.GetValue<string>());
        Assert.NotNull(got["LastModificationDate"]);
    }

    [Fact]
    public async Task Rule_errors_name_the_member_and_what_is_not_offered_says_so()
    {
        var invalid = await Api.MailManagerAsync("CreateRuleSet", JsonNode.Parse("""
            {"RuleSetName":"bad","Rules":[{"Name":"r","Actions":[{"AddHeader":{"HeaderName":"Routed","HeaderValue":"x"}}]}]}
            """));
        Assert.Equal((400, "ValidationException"), (invalid.Status, invalid.ErrorType));
        Assert.Contains("Rules[0].Actions[0].AddHeader.HeaderName", invalid.Message);

        var lambda = await Api.MailManagerAsync("CreateRuleSet", JsonNode.Parse("""
            {"RuleSetName":"bad","Rules":[{"Actions":[{"InvokeLambda":{"FunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:f","InvocationType":"EVENT","RoleArn":"r"}}]}]}
            """));
        Assert.Equal(400, lambda.Status);
        Assert.StartsWith("Rules[0].Actions[0].InvokeLambda: AWS Lambda is not offered", lambda.Message);

        var badEnum = await Api.MailManagerAsync("CreateRuleSet", JsonNode.Parse("""
            {"RuleSetName":"bad","Rules":[{"Conditions":[{"StringExpression":{"Evaluate":{"Attribute":"FROM"},"Operator":"LIKE","Values":["x"]}}],"Actions":[{"Drop":{}}]}]}
            """));
        Assert.Equal(400, badEnum.Status);
        Assert.StartsWith("Rules[0].Conditions[0].StringExpression.Operator: must be one of EQUALS, NOT_EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS", badEnum.Message);

        // Only the API's spellings: not a list of flags, not another case, not the C# name.
        foreach (var action in new[] { "ALLOW, DENY", "allow", "Allow", "0" })
        {
            var reply = await Api.MailManagerAsync("CreateTrafficPolicy", new { TrafficPolicyName = "strict-enums", DefaultAction = action, PolicyStatements = Array.Empty<object>() });
            Assert.True(reply.Status == 400, $"{action}: {reply}");
        }

        var notAStructure = await Api.MailManagerAsync("CreateTrafficPolicy", JsonNode.Parse("""
            {"TrafficPolicyName":"shapes","DefaultAction":"DENY","PolicyStatements":[{"Action":"ALLOW","Conditions":[{"StringExpression":"x"},{"BooleanExpression":{"Evaluate":"x"}}]}]}
            """));
        Assert.Equal((400, "ValidationException"), (notAStructure.Status, notAStructure.ErrorType));
        var ruleNotAStructure = await Api.MailManagerAsync("CreateRuleSet", JsonNode.Parse("""
            {"RuleSetName":"shapes","Rules":[{"Conditions":[{"StringExpression":[1]}],"Actions":[{"Drop":{}}]}]}
            """));
        Assert.Equal((400, "ValidationException"), (ruleNotAStructure.Status, ruleNotAStructure.ErrorType));
    }

    [Fact]
    public async Task A_traffic_policy_in_the_SES_shape_round_trips_and_a_rule_set_in_use_cannot_be_deleted()
    {
        var (listId, listArn) = await AddressListAsync("allowed");
        var statements = JsonNode.Parse($$"""
        [
          { "Action": "ALLOW", "Conditions": [ { "BooleanExpression": { "Evaluate": { "IsInAddressList": { "Attribute": "RECIPIENT", "AddressLists": ["{{listArn}}"] } }, "Operator": "IS_TRUE" } } ] },
          { "Action": "DENY", "Conditions": [
              { "IpExpression": { "Evaluate": { "Attribute": "SENDER_IP" }, "Operator": "CIDR_MATCHES", "Values": ["192.0.2.0/24"] } },
              { "TlsExpression": { "Evaluate": { "Attribute": "TLS_PROTOCOL" }, "Operator": "MINIMUM_TLS_VERSION", "Value": "TLS1_3" } },
              { "StringExpression": { "Evaluate": { "Attribute": "RECIPIENT" }, "Operator": "ENDS_WITH", "Values": ["@blocked.example"] } } ] }
        ]
        """);
        var policyId = (await Api.MailManagerAsync("CreateTrafficPolicy", new JsonObject
        {
            ["TrafficPolicyName"] = "api-policy", ["DefaultAction"] = "DENY", ["MaxMessageSizeBytes"] = 10485760, ["PolicyStatements"] = statements,
        })).Ok["TrafficPolicyId"]!.GetValue<string>();

        var stored = (await server.Get<TrafficPolicyService>().GetAsync(policyId))!;
        Assert.Equal(listId, stored.PolicyStatements[0].Conditions[0].BooleanExpression!.AddressListId);
        Assert.Equal(MailManager.Core.Conditions.TlsVersion.Tls1_3, stored.PolicyStatements[1].Conditions[1].TlsExpression!.Value);
        Assert.Equal(AcceptAction.Deny, stored.DefaultAction);

        var got = (await Api.MailManagerAsync("GetTrafficPolicy", new { TrafficPolicyId = policyId })).Ok;
        Assert.True(JsonNode.DeepEquals(statements, got["PolicyStatements"]), got["PolicyStatements"]!.ToJsonString());
        Assert.Equal(10485760, got["MaxMessageSizeBytes"]!.GetValue<long>());

        var inUse = await Api.MailManagerAsync("DeleteAddressList", new { AddressListId = listId });
        Assert.Equal((409, "ConflictException"), (inUse.Status, inUse.ErrorType));

        Assert.Equal(200, (await Api.MailManagerAsync("UpdateTrafficPolicy", new { TrafficPolicyId = policyId, DefaultAction = "ALLOW" })).Status);
        var updated = (await server.Get<TrafficPolicyService>().GetAsync(policyId))!;
        Assert.Equal(AcceptAction.Allow, updated.DefaultAction);
        Assert.Equal(2, updated.PolicyStatements.Count);
    }
}
