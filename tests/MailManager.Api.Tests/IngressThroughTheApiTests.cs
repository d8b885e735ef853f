using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MailManager.Api.Tests.Infrastructure;
using MailManager.Data.AddressLists;

namespace MailManager.Api.Tests;

/// <summary>
/// A gateway set up through the API alone, as a script would: an address list filled by an import job uploaded to its
/// pre-signed URL, a traffic policy on it, a rule set that writes to a folder, an ingress point; then real mail with swaks.
/// </summary>
public sealed class IngressThroughTheApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private AwsJsonClient Api => server.Client;

    [Fact]
    public async Task An_endpoint_configured_through_the_API_accepts_listed_recipients_and_runs_its_rules()
    {
        ExternalProcess.Require("swaks");
        var listId = (await Api.MailManagerAsync("CreateAddressList", new { AddressListName = "staff" })).Ok["AddressListId"]!.GetValue<string>();
        var job = (await Api.MailManagerAsync("CreateAddressListImportJob", new
        {
            AddressListId = listId, Name = "first-import", ImportDataFormat = new { ImportDataType = "CSV" },
        })).Ok;
        var jobId = job["JobId"]!.GetValue<string>();
        using (var http = new HttpClient())
        {
            var upload = new ByteArrayContent(Encoding.UTF8.GetBytes("address\nalice@example.com\nbob@example.com\nnot an address\n"));
            upload.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var put = await http.PutAsync(job["PreSignedUrl"]!.GetValue<string>(), upload);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            var forged = await http.PutAsync(new Uri(server.BaseAddress, "/api/address-list-imports/forged"), new StringContent("address\n"));
            Assert.Equal(403, (int)forged.StatusCode);
        }
        Assert.Equal(200, (await Api.MailManagerAsync("StartAddressListImportJob", new { JobId = jobId })).Status);
        var done = await PollFor.ValueAsync(async () =>
        {
            var reply = (await Api.MailManagerAsync("GetAddressListImportJob", new { JobId = jobId })).Ok;
            return reply["Status"]!.GetValue<string>() is "COMPLETED" or "FAILED" ? reply : null;
        }, "the import job to finish", Timeout);
        Assert.Equal(("COMPLETED", 2, 1), (done["Status"]!.GetValue<string>(), done["ImportedItemsCount"]!.GetValue<int>(), done["FailedItemsCount"]!.GetValue<int>()));
        var again = await Api.MailManagerAsync("StartAddressListImportJob", new { JobId = jobId });
        Assert.Equal((409, "ConflictException"), (again.Status, again.ErrorType));

        var listArn = $"arn:aws:ses:us-east-1:000000000000:mailmanager-address-list/{listId}";
        var policyId = (await Api.MailManagerAsync("CreateTrafficPolicy", JsonNode.Parse($$$"""
            {"TrafficPolicyName":"staff-only","DefaultAction":"DENY","PolicyStatements":[{"Action":"ALLOW","Conditions":[
              {"BooleanExpression":{"Evaluate":{"IsInAddressList":{"Attribute":"RECIPIENT","AddressLists":["{{{listArn}}}"]}},"Operator":"IS_TRUE"}}]}]}
            """))).Ok["TrafficPolicyId"]!.GetValue<string>();
        var ruleSetId = (await Api.MailManagerAsync("CreateRuleSet", JsonNode.Parse("""
            {"RuleSetName":"keep-api","Rules":[{"Name":"api","Conditions":[
              {"StringExpression":{"Evaluate":{"Attribute":"SUBJECT"},"Operator":"CONTAINS","Values":["[api]"]}}],
              "Actions":[{"AddHeader":{"HeaderName":"X-Api-Rule","HeaderValue":"matched"}},{"WriteToS3":{"S3Bucket":"kept","S3Prefix":"api","RoleArn":"arn:aws:iam::000000000000:role/x"}}]}]}
            """))).Ok["RuleSetId"]!.GetValue<string>();
        var endpointId = (await Api.MailManagerAsync("CreateIngressPoint", new
        {
            IngressPointName = "api-mx", Type = "OPEN", RuleSetId = ruleSetId, TrafficPolicyId = policyId,
        })).Ok["IngressPointId"]!.GetValue<string>();
        var active = await PollFor.ValueAsync(async () =>
        {
            var reply = (await Api.MailManagerAsync("GetIngressPoint", new { IngressPointId = endpointId })).Ok;
            return reply["Status"]!.GetValue<string>() == "ACTIVE" ? reply : null;
        }, "the ingress point to be ACTIVE", Timeout);
        Assert.Equal(server.SmtpPort, active["Ports"]![0]!.GetValue<int>());

        var accepted = await SwaksAsync("alice@example.com", "[api] quarterly report");
        Assert.True(accepted.ExitCode == 0, accepted.All);
        var refused = await SwaksAsync("mallory@example.com", "[api] hello");
        Assert.Contains("550", refused.All);
        var other = await SwaksAsync("bob@example.com", "no tag");
        Assert.True(other.ExitCode == 0, other.All);

        var kept = await PollFor.ValueAsync(() => Task.FromResult(Directory.Exists(Path.Combine(server.FolderRoot, "kept", "api"))
            ? Directory.GetFiles(Path.Combine(server.FolderRoot, "kept", "api"), "*.eml").FirstOrDefault() : null), "the rule's folder copy", Timeout);
        var content = await File.ReadAllTextAsync(kept);
        Assert.Contains("X-Api-Rule: matched", content);
        Assert.Contains("[api] quarterly report", content);
        Assert.Single(Directory.GetFiles(Path.Combine(server.FolderRoot, "kept", "api"), "*.eml"));

        // A refused update changes nothing, not even the members that were valid.
        var otherRuleSet = (await Api.MailManagerAsync("CreateRuleSet", new { RuleSetName = "other-rules", Rules = new[] { new { Actions = new[] { new { Drop = new { } } } } } }))
            .Ok["RuleSetId"]!.GetValue<string>();
        var refusedUpdate = await Api.MailManagerAsync("UpdateIngressPoint", new { IngressPointId = endpointId, RuleSetId = otherRuleSet, IngressPointName = "bad name!" });
        Assert.Equal((400, "ValidationException"), (refusedUpdate.Status, refusedUpdate.ErrorType));
        Assert.Equal(ruleSetId, (await Api.MailManagerAsync("GetIngressPoint", new { IngressPointId = endpointId })).Ok["RuleSetId"]!.GetValue<string>());

        var inUse = await Api.MailManagerAsync("DeleteRuleSet", new { RuleSetId = ruleSetId });
        Assert.Equal((409, "ConflictException"), (inUse.Status, inUse.ErrorType));
        Assert.Equal(200, (await Api.MailManagerAsync("DeleteIngressPoint", new { IngressPointId = endpointId })).Status);
        // At once, while the endpoint is still being taken down: deletes in order succeed, as a script runs them.
        Assert.Equal(200, (await Api.MailManagerAsync("DeleteRuleSet", new { RuleSetId = ruleSetId })).Status);
        Assert.Equal(200, (await Api.MailManagerAsync("DeleteTrafficPolicy", new { TrafficPolicyId = policyId })).Status);
        Assert.Equal(404, (await Api.MailManagerAsync("GetIngressPoint", new { IngressPointId = endpointId })).Status);
    }

    [Fact]
    public async Task Uploads_at_once_to_one_job_all_succeed_and_a_file_above_the_servers_default_limit_is_taken()
    {
        var listId = (await Api.MailManagerAsync("CreateAddressList", new { AddressListName = "bulk" })).Ok["AddressListId"]!.GetValue<string>();
        var job = (await Api.MailManagerAsync("CreateAddressListImportJob", new
        {
            AddressListId = listId, Name = "bulk-import", ImportDataFormat = new { ImportDataType = "CSV" },
        })).Ok;
        var url = job["PreSignedUrl"]!.GetValue<string>();
        // 40 MB: above Kestrel's default request limit (30,000,000 bytes), below the import file limit.
        var large = new StringBuilder("address\n");
        for (var i = 0; large.Length < 40_000_000; i++)
        {
            large.Append("member").Append(i).Append("@example.com\n");
        }
        var content = Encoding.UTF8.GetBytes(large.ToString());
        using var http = new HttpClient();

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.PutAsync(url, new ByteArrayContent(content))));

        Assert.All(replies, r => Assert.Equal(200, (int)r.StatusCode));
        // Stopped rather than started, so that the worker does not spend the test importing it; either way it is no
        // longer Created, and its file can no longer change.
        Assert.Equal(200, (await Api.MailManagerAsync("StopAddressListImportJob", new { JobId = job["JobId"]!.GetValue<string>() })).Status);
        var late = await http.PutAsync(url, new StringContent("address\nlate@example.com\n"));
        Assert.Equal(409, (int)late.StatusCode);
    }

    private Task<ExternalProcess.Result> SwaksAsync(string to, string subject) => ExternalProcess.RunAsync("swaks",
        ["--server", $"127.0.0.1:{server.SmtpPort}", "--from", "sender@outside.example", "--to", to, "--header", $"Subject: {subject}", "--body", "hello"],
        Timeout);
}
