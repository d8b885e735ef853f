using System.Globalization;
using MailManager.Data.Api;
using MailManager.E2E.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace MailManager.E2E;

/// <summary>
/// The official AWS SDK for JavaScript (@aws-sdk/client-mailmanager and @aws-sdk/client-secrets-manager, pinned in
/// e2e/sdk/package-lock.json), unchanged, against the published app: e2e/sdk/scenario.mjs creates a secret, relays, an
/// address list filled by an import job, a traffic policy, a rule set and an open ingress point, sends mail through it
/// with swaks, pages, updates, retries a create with its ClientToken, tags, triggers each error type and deletes
/// everything, one line per step; once over awsJson1.0 and once over Smithy RPC v2 CBOR. The access key is created in
/// the data folder before the app starts, as an administrator creates one in the console.
/// </summary>
public sealed class ApiSdkTests(ITestOutputHelper output)
{
    /// <summary>The scenario's steps, in order: each prints "ok &lt;step&gt;" (with details in parentheses).</summary>
    private static readonly string[] Steps =
    [
        "SMTP sink listening",
        "a wrong secret key is refused with InvalidSignatureException, an unknown key with UnrecognizedClientException",
        "secretsmanager CreateSecret",
        "secretsmanager PutSecretValue",
        "secretsmanager DescribeSecret",
        "secretsmanager ListSecrets",
        "secretsmanager GetSecretValue is refused with AccessDeniedException",
        "CreateRelay with Authentication.SecretArn",
        "CreateRelay with NoAuthentication to the sink",
        "CreateAddressList",
        "CreateAddressListImportJob and PUT the CSV to its PreSignedUrl",
        "StartAddressListImportJob and GetAddressListImportJob until COMPLETED",
        "ListMembersOfAddressList",
        "CreateTrafficPolicy (default DENY, ALLOW recipients IsInAddressList)",
        "CreateRuleSet with conditions, actions and tags",
        "CreateIngressPoint (OPEN) and GetIngressPoint until ACTIVE",
        "swaks: a listed recipient is accepted and arrives at the sink with X-Api-Rule",
        "swaks: an unlisted recipient is refused with 550",
        "swaks: a message without \"[api]\" is written to the folder, not relayed",
        "paginateListRuleSets with PageSize 1 collects every rule set",
        "paginate the other lists with PageSize 1",
        "paginateListMembersOfAddressList with PageSize 2",
        "UpdateRuleSet: reads and mail show the change",
        "UpdateTrafficPolicy: the read shows the change, the statements stay",
        "UpdateRelay: the read shows the change",
        "UpdateIngressPoint: the read shows the change",
        "UpdateIngressPoint StatusToUpdate CLOSED closes the SMTP port, ACTIVE opens it again",
        "CreateRuleSet twice with the same ClientToken returns the same RuleSetId",
        "tags: Tags on create, TagResource, ListTagsForResource, UntagResource",
        "ValidationException (HTTP 400) for a bad name and a malformed ID",
        "ResourceNotFoundException (HTTP 404) for well-formed missing IDs",
        "ConflictException (HTTP 409) for a duplicate name",
        "ConflictException (HTTP 409) for deleting a rule set an ingress point uses",
        "ServiceQuotaExceededException (HTTP 402) past 100 address lists",
        "AccessDeniedException (HTTP 403) for GetSecretValue",
        "DeleteIngressPoint, then GetIngressPoint answers 404 and the port closes",
        "DeleteRuleSet, then GetRuleSet answers 404 and a second delete succeeds",
        "DeleteTrafficPolicy, then GetTrafficPolicy answers 404",
        "DeleteAddressList, then GetAddressList answers 404",
        "DeleteRelay (both), then GetRelay answers 404",
        "secretsmanager DeleteSecret, then DescribeSecret answers ResourceNotFoundException",
    ];

    /// <param name="protocol">
    /// The Mail Manager client's protocol: awsJson1_0, the SDK's default, or Smithy RPC v2 CBOR, which newer models list
    /// first (the SDK's own SmithyRpcV2CborProtocol, given as its protocol).
    /// </param>
    [Theory]
    [InlineData("awsJson1_0")]
    [InlineData("rpc-v2-cbor")]
    public async Task The_official_AWS_SDK_for_JavaScript_manages_the_gateway_and_mail_follows_what_it_created(string protocol)
    {
        ExternalProcess.Require("node");
        ExternalProcess.Require("swaks");
        await ApiSdk.EnsureInstalledAsync();
        using TemporaryFolder data = new("mm-sdk-data-");
        using TemporaryFolder folders = new("mm-sdk-folders-");
        using TemporaryFolder workingDirectory = new("mm-sdk-cwd-");
        CreatedApiAccessKey key = await ApiSdk.CreateAccessKeyAsync(data.Path);
        string smtpPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);

        ExternalProcess.Result scenario;
        string appOutput;
        await using (PublishedApp app = await PublishedApp.StartAsync(data.Path, workingDirectory.Path, new Dictionary<string, string>
        {
            ["MailManager__Admin__Password"] = "Sdk-Admin-Passw0rd!",
            // The API's CreateIngressPoint has no port: the one the gateway proposes is the only one of the range.
            ["MailManager__Ingress__PreferStandardPorts"] = "false",
            ["MailManager__Ingress__PortRangeStart"] = smtpPort,
            ["MailManager__Ingress__PortRangeEnd"] = smtpPort,
            ["MailManager__Ingress__DefaultBindAddress"] = "127.0.0.1",
            ["MailManager__Actions__FolderRoot"] = folders.Path,
            ["MailManager__Delivery__FirstRetryDelay"] = "00:00:01",
            ["MailManager__Delivery__MaxRetryDelay"] = "00:00:01",
        }))
        {
            await ServiceProbe.WaitUntilReadyAsync(app);
            scenario = await ExternalProcess.RunAsync(
                "node",
                [Path.Combine(ApiSdk.Folder, "scenario.mjs")],
                TimeSpan.FromMinutes(4),
                workingDirectory: ApiSdk.Folder,
                environment: new Dictionary<string, string>
                {
                    ["ENDPOINT"] = app.BaseUrl.TrimEnd('/'),
                    ["AWS_ACCESS_KEY_ID"] = key.AccessKeyId,
                    ["AWS_SECRET_ACCESS_KEY"] = key.SecretAccessKey,
                    ["AWS_REGION"] = "us-east-1",
                    ["SMTP_HOST"] = "127.0.0.1",
                    ["SMTP_PORT"] = smtpPort,
                    ["FOLDER_ROOT"] = folders.Path,
                    ["MAILMANAGER_PROTOCOL"] = protocol,
                    // Nothing but the given endpoint and credentials: no instance metadata look-up, no Node version notice.
                    ["AWS_EC2_METADATA_DISABLED"] = "true",
                    ["NODE_NO_WARNINGS"] = "1",
                });
            appOutput = app.Output;
        }

        SqliteConnection.ClearAllPools();
        ApiAccessKey? used = await ApiSdk.FindAccessKeyAsync(data.Path, key.AccessKeyId);
        // The step lines show in the test's output when it passes too.
        output.WriteLine(scenario.All);
        string report = $"node scenario.mjs exited {scenario.ExitCode}:\n{scenario.All}\n--- the app's output ---\n{appOutput}";
        Assert.True(scenario.ExitCode == 0, report);
        string[] done = [.. scenario.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("ok ", StringComparison.Ordinal))];
        Assert.True(done.Length == Steps.Length, $"{done.Length} steps done, {Steps.Length} expected.\n{report}");
        for (int i = 0; i < Steps.Length; i++)
        {
            string expected = "ok " + Steps[i];
            Assert.True(done[i] == expected || done[i].StartsWith(expected + " (", StringComparison.Ordinal), $"Step {i + 1}: expected '{expected}', got '{done[i]}'.\n{report}");
        }

        Assert.DoesNotContain("FOLDER_ROOT unset", scenario.Output, StringComparison.Ordinal);
        Assert.Contains($"Mail Manager over {protocol})", done[0], StringComparison.Ordinal);
        Assert.Contains($"scenario complete: {Steps.Length} steps", scenario.Output, StringComparison.Ordinal);
        // The console's "last used" of the key the SDK signed with.
        Assert.NotNull(used?.LastUsedTimestamp);
    }
}
