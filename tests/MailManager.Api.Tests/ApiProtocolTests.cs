using System.Text.Json.Nodes;
using MailManager.Api.Tests.Infrastructure;
using MailManager.Data.Api;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;

namespace MailManager.Api.Tests;

public sealed class ApiProtocolTests(ApiServer server) : IClassFixture<ApiServer>
{
    private AwsJsonClient Api => server.Client;

    [Fact]
    public async Task A_create_retried_with_its_ClientToken_returns_the_first_resource_and_other_parameters_conflict()
    {
        var request = new { ClientToken = "retry-7d1c", RuleSetName = "idempotent", Rules = new[] { new { Actions = new[] { new { Drop = new { } } } } } };
        var first = (await Api.MailManagerAsync("CreateRuleSet", request)).Ok["RuleSetId"]!.GetValue<string>();
        var second = (await Api.MailManagerAsync("CreateRuleSet", request)).Ok["RuleSetId"]!.GetValue<string>();

        Assert.Equal(first, second);
        var other = await Api.MailManagerAsync("CreateRuleSet", new { ClientToken = "retry-7d1c", RuleSetName = "idempotent-2", Rules = request.Rules });
        Assert.Equal((409, "ConflictException"), (other.Status, other.ErrorType));
        var withoutToken = await Api.MailManagerAsync("CreateRuleSet", new { RuleSetName = "idempotent", Rules = request.Rules });
        Assert.Equal((409, "ConflictException"), (withoutToken.Status, withoutToken.ErrorType));
    }

    [Fact]
    public async Task Lists_page_with_NextToken_without_skipping_or_repeating_and_PageSize_is_bounded()
    {
        foreach (var i in Enumerable.Range(0, 5))
        {
            await Api.MailManagerAsync("CreateTrafficPolicy", new { TrafficPolicyName = $"paged-{i}", DefaultAction = "ALLOW", PolicyStatements = Array.Empty<object>() });
        }
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await Api.MailManagerAsync("ListTrafficPolicies", new JsonObject { ["PageSize"] = 2, ["NextToken"] = token })).Ok;
            names.AddRange(page["TrafficPolicies"]!.AsArray().Select(p => p!["TrafficPolicyName"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
            if (pages++ == 0)
            {
                // Created between pages: the pages after it neither repeat nor skip what was there.
                await Api.MailManagerAsync("CreateTrafficPolicy", new { TrafficPolicyName = "paged-between", DefaultAction = "ALLOW", PolicyStatements = Array.Empty<object>() });
            }
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"paged-{i}").Order(), names.Where(n => n.StartsWith("paged-", StringComparison.Ordinal) && n != "paged-between").Order());
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.True(pages >= 3);
        Assert.Equal(400, (await Api.MailManagerAsync("ListTrafficPolicies", new { PageSize = 51 })).Status);
        Assert.Equal(400, (await Api.MailManagerAsync("ListTrafficPolicies", new { NextToken = "not-ours" })).Status);
    }

    [Fact]
    public async Task Members_page_in_address_order_and_one_registered_between_pages_is_neither_skipped_nor_repeated()
    {
        var id = (await Api.MailManagerAsync("CreateAddressList", new { AddressListName = "paged-members" })).Ok["AddressListId"]!.GetValue<string>();
        foreach (var address in new[] { "b@example.com", "d@example.com", "f@example.com", "h@example.com" })
        {
            Assert.Equal(200, (await Api.MailManagerAsync("RegisterMemberToAddressList", new { AddressListId = id, Address = address })).Status);
        }

        var first = (await Api.MailManagerAsync("ListMembersOfAddressList", new { AddressListId = id, PageSize = 2 })).Ok;
        // Registered before the page boundary and after it.
        await Api.MailManagerAsync("RegisterMemberToAddressList", new { AddressListId = id, Address = "a@example.com" });
        await Api.MailManagerAsync("RegisterMemberToAddressList", new { AddressListId = id, Address = "e@example.com" });
        var rest = new List<string>();
        var token = first["NextToken"]!.GetValue<string>();
        while (token is not null)
        {
            var page = (await Api.MailManagerAsync("ListMembersOfAddressList", new { AddressListId = id, PageSize = 2, NextToken = token })).Ok;
            rest.AddRange(page["Addresses"]!.AsArray().Select(a => a!["Address"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
        }

        Assert.Equal(["b@example.com", "d@example.com"], first["Addresses"]!.AsArray().Select(a => a!["Address"]!.GetValue<string>()));
        Assert.Equal(["e@example.com", "f@example.com", "h@example.com"], rest);
        Assert.Equal(400, (await Api.MailManagerAsync("ListMembersOfAddressList", new { AddressListId = id, PageSize = 1001 })).Status);
    }

    [Fact]
    public async Task Tags_are_set_on_create_added_listed_and_removed_by_ARN()
    {
        var id = (await Api.MailManagerAsync("CreateAddressList", new { AddressListName = "tagged", Tags = new[] { new { Key = "team", Value = "mail" } } })).Ok["AddressListId"]!.GetValue<string>();
        var arn = $"arn:aws:ses:us-east-1:000000000000:mailmanager-address-list/{id}";

        Assert.Equal(200, (await Api.MailManagerAsync("TagResource", new { ResourceArn = arn, Tags = new[] { new { Key = "env", Value = "prod" }, new { Key = "team", Value = "ops" } } })).Status);
        var tags = (await Api.MailManagerAsync("ListTagsForResource", new { ResourceArn = arn })).Ok["Tags"]!.AsArray();
        Assert.Equal(["env=prod", "team=ops"], tags.Select(t => $"{t!["Key"]}={t["Value"]}"));
        Assert.Equal(200, (await Api.MailManagerAsync("UntagResource", new { ResourceArn = arn, TagKeys = new[] { "env" } })).Status);
        Assert.Equal(["team"], (await server.Get<ResourceTagService>().ListAsync(id)).Select(t => t.Key));

        var badKey = await Api.MailManagerAsync("TagResource", new { ResourceArn = arn, Tags = new[] { new { Key = "bad key!", Value = "x" } } });
        Assert.Equal((400, "ValidationException"), (badKey.Status, badKey.ErrorType));
        var missing = await Api.MailManagerAsync("ListTagsForResource", new { ResourceArn = "arn:aws:ses:us-east-1:000000000000:mailmanager-rule-set/rs-00000000000000000000000000" });
        Assert.Equal((404, "ResourceNotFoundException"), (missing.Status, missing.ErrorType));
        var otherAccount = await Api.MailManagerAsync("ListTagsForResource", new { ResourceArn = $"arn:aws:ses:us-east-1:123456789012:mailmanager-address-list/{id}" });
        Assert.Equal(400, otherAccount.Status);
    }

    [Fact]
    public async Task Secrets_Manager_stores_a_secret_a_relay_can_use_and_never_reads_a_value_back()
    {
        var created = (await Api.SecretsManagerAsync("CreateSecret", new { Name = "relay-credentials", SecretString = """{"username":"gateway","password":"Relay-Pa55word!"}""" })).Ok;
        var arn = created["ARN"]!.GetValue<string>();
        Assert.Matches(@"^arn:aws:secretsmanager:us-east-1:000000000000:secret:sec-[a-z0-9]{26}$", arn);

        var relayId = (await Api.MailManagerAsync("CreateRelay", new
        {
            RelayName = "authenticated", ServerName = "smtp.example.com", ServerPort = 587, Authentication = new { SecretArn = arn },
        })).Ok["RelayId"]!.GetValue<string>();
        var relay = (await server.Get<RelayService>().GetAsync(relayId))!;
        Assert.Equal("gateway", (await server.Get<SecretService>().ReadValuesAsync(relay.SecretId!))!["username"]);

        Assert.Equal(200, (await Api.SecretsManagerAsync("PutSecretValue", new { SecretId = "relay-credentials", SecretString = """{"username":"gateway","password":"Rotated-Pa55word!"}""" })).Status);
        Assert.Equal("Rotated-Pa55word!", (await server.Get<SecretService>().ReadValuesAsync(relay.SecretId!))!["password"]);
        var described = (await Api.SecretsManagerAsync("DescribeSecret", new { SecretId = arn })).Ok;
        Assert.Equal("relay-credentials", described["Name"]!.GetValue<string>());
        Assert.DoesNotContain("Rotated", described.ToJsonString());
        Assert.Contains(arn, (await Api.SecretsManagerAsync("ListSecrets")).Ok["SecretList"]!.AsArray().Select(s => s!["ARN"]!.GetValue<string>()));

        var read = await Api.SecretsManagerAsync("GetSecretValue", new { SecretId = arn });
        Assert.Equal((403, "AccessDeniedException"), (read.Status, read.ErrorType));
        var wrongKeys = await Api.SecretsManagerAsync("PutSecretValue", new { SecretId = arn, SecretString = """{"token":"x"}""" });
        Assert.Equal((400, "InvalidParameterException"), (wrongKeys.Status, wrongKeys.ErrorType));
        var notJson = await Api.SecretsManagerAsync("CreateSecret", new { Name = "plain", SecretString = "just-a-password" });
        Assert.Equal((400, "InvalidParameterException"), (notJson.Status, notJson.ErrorType));
        var inUse = await Api.SecretsManagerAsync("DeleteSecret", new { SecretId = arn });
        Assert.Equal((400, "InvalidRequestException"), (inUse.Status, inUse.ErrorType));
        var duplicate = await Api.SecretsManagerAsync("CreateSecret", new { Name = "relay-credentials", SecretString = """{"password":"x"}""" });
        Assert.Equal("ResourceExistsException", duplicate.ErrorType);
    }

    [Fact]
    public async Task Requests_are_refused_as_AWS_refuses_them_and_changes_are_attributed_to_their_key()
    {
        var keys = server.Get<ApiAccessKeyService>();
        var other = await keys.CreateAsync("short-lived");
        var client = server.NewClient(other.AccessKeyId, other.SecretAccessKey);
        var relayId = (await client.MailManagerAsync("CreateRelay", new { RelayName = "attributed", ServerName = "smtp.example.com", ServerPort = 25, Authentication = new { NoAuthentication = new { } } }))
            .Ok["RelayId"]!.GetValue<string>();

        var changes = await server.Get<ApiRecords>().ListChangesAsync(other.AccessKeyId, 10);
        Assert.Equal(("CreateRelay", relayId), (changes.Single().Operation, changes.Single().ResourceId));
        Assert.NotNull((await keys.GetAsync(other.AccessKeyId))!.LastUsedTimestamp);

        var wrongSecret = await server.NewClient(other.AccessKeyId, "not-the-secret").MailManagerAsync("ListRelays");
        Assert.Equal((403, "InvalidSignatureException"), (wrongSecret.Status, wrongSecret.ErrorType));
        var stale = server.NewClient(other.AccessKeyId, other.SecretAccessKey);
        stale.Clock = () => DateTimeOffset.UtcNow.AddMinutes(-16);
        var staleReply = await stale.MailManagerAsync("ListRelays");
        Assert.Equal((403, "InvalidSignatureException"), (staleReply.Status, staleReply.ErrorType));
        await keys.SetActiveAsync(other.AccessKeyId, false);
        var inactive = await client.MailManagerAsync("ListRelays");
        Assert.Equal((403, "UnrecognizedClientException"), (inactive.Status, inactive.ErrorType));
        var unknown = await server.NewClient("AKIAUNKNOWNUNKNOWN22", "x").MailManagerAsync("ListRelays");
        Assert.Equal((403, "UnrecognizedClientException"), (unknown.Status, unknown.ErrorType));

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}") };
        unsigned.Headers.TryAddWithoutValidation("X-Amz-Target", "MailManagerSvc.ListRelays");
        var response = await http.SendAsync(unsigned);
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("MissingAuthenticationTokenException", await response.Content.ReadAsStringAsync());
        // The console's own requests are not API requests.
        Assert.Equal(200, (int)(await http.GetAsync("/healthz")).StatusCode);
    }
}
