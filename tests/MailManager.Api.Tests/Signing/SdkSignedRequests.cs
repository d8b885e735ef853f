using System.Text;
using MailManager.Api.Signing;

namespace MailManager.Api.Tests.Signing;

/// <summary>
/// Requests signed by the AWS SDK for JavaScript v3, recorded. The first two were produced once, outside the repository, with
/// <c>npm install @smithy/signature-v4@5.7.5 @smithy/protocol-http@5.6.2 @aws-crypto/sha256-js@5.2.0</c> and a script that
/// builds an <c>HttpRequest</c> (POST /, host localhost:5000, the headers below but the signing ones, the body below)
/// and calls <c>new SignatureV4({ service, region, credentials: { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey },
/// sha256: Sha256 }).sign(request, { signingDate: new Date("2026-11-30T09:15:42Z") })</c>; the SDK added
/// <c>x-amz-date</c>, <c>x-amz-content-sha256</c> and <c>authorization</c>. Service <c>ses</c> in eu-west-1 for
/// MailManagerSvc, <c>secretsmanager</c> in us-east-1 for Secrets Manager. The third is a whole client's request
/// (<see cref="CreateTrafficPolicyFromClient"/>).
/// </summary>
public static class SdkSignedRequests
{
    public const string AccessKeyId = "AKIAMAILMANAGERTEST1";
    public const string SecretAccessKey = "c2lnbmluZy10ZXN0LXNlY3JldC1ub3QtcmVhbC0wMDAx";
    public static readonly DateTimeOffset SignedAt = new(2026, 11, 30, 9, 15, 42, TimeSpan.Zero);

    public const string CreateRuleSetSignature = "fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3";

    /// <summary>MailManagerSvc.CreateRuleSet, awsJson1.0, signing name <c>ses</c>.</summary>
    public static SigV4Request CreateRuleSet() => Request(
        """{"RuleSetName":"inbound-rules","Rules":[],"ClientToken":"5f0b6c8e-2d1a-4a52-9d7e-0c3f2b7a9e11"}""",
        ("host", "localhost:5000"),
        ("content-type", "application/x-amz-json-1.0"),
        ("x-amz-target", "MailManagerSvc.CreateRuleSet"),
        ("content-length", "95"),
        ("amz-sdk-invocation-id", "0d5c2a4e-7f1b-4c3d-8e9a-1b2c3d4e5f60"),
        ("amz-sdk-request", "attempt=1; max=3"),
        ("user-agent", "aws-sdk-js/3.1112.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/mailmanager#3.1112.0"),
        ("x-amz-user-agent", "aws-sdk-js/3.1112.0"),
        ("x-amz-date", "20261130T091542Z"),
        ("x-amz-content-sha256", "e0304c166824e5d66a1164faf58ce475b387706e0b5f72e2a4ac02bf2ef1a989"),
        ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=" + CreateRuleSetSignature));

    /// <summary>secretsmanager.CreateSecret, awsJson1.1, signing name <c>secretsmanager</c>.</summary>
    public static SigV4Request CreateSecret() => Request(
        """{"Name":"relay-password","SecretString":"hunter2","ClientRequestToken":"5f0b6c8e-2d1a-4a52-9d7e-0c3f2b7a9e11"}""",
        ("host", "localhost:5000"),
        ("content-type", "application/x-amz-json-1.1"),
        ("x-amz-target", "secretsmanager.CreateSecret"),
        ("content-length", "110"),
        ("amz-sdk-invocation-id", "0d5c2a4e-7f1b-4c3d-8e9a-1b2c3d4e5f60"),
        ("amz-sdk-request", "attempt=1; max=3"),
        ("user-agent", "aws-sdk-js/3.1112.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/secrets-manager#3.1112.0"),
        ("x-amz-user-agent", "aws-sdk-js/3.1112.0"),
        ("x-amz-date", "20261130T091542Z"),
        ("x-amz-content-sha256", "7c41f177a718088f35777450d3cccc19571bf788db8c0981c1d41c2fbcfddcd8"),
        ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/us-east-1/secretsmanager/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=48747cc94ba3c059259a5f2fdcda121724d3c07ca752a15c176b80548c28d1ea"));

    /// <summary>When the client below signed its request.</summary>
    public static readonly DateTimeOffset ClientSignedAt = new(2026, 12, 2, 4, 33, 11, TimeSpan.Zero);

    /// <summary>
    /// MailManagerSvc.CreateTrafficPolicy exactly as <c>@aws-sdk/client-mailmanager@3.1112.0</c> sent it: a
    /// <c>MailManagerClient({ region: "eu-west-1", endpoint: "http://localhost:5000", credentials, requestHandler })</c>
    /// whose request handler recorded the request instead of sending it, and <c>client.send(new
    /// CreateTrafficPolicyCommand({...}))</c> with the policy in the body. The client chose the headers, the body's
    /// member order and the time.
    /// </summary>
    public static SigV4Request CreateTrafficPolicyFromClient() => Request(
        """{"TrafficPolicyName":"block-spam","PolicyStatements":[{"Conditions":[{"StringExpression":{"Evaluate":{"Attribute":"RECIPIENT"},"Operator":"ENDS_WITH","Values":["@spam.example"]}}],"Action":"DENY"}],"DefaultAction":"ALLOW","ClientToken":"0f8e3c1a-5b7d-4e29-a6c4-3d2b1f0e9a87"}""",
        ("content-type", "application/x-amz-json-1.0"),
        ("x-amz-target", "MailManagerSvc.CreateTrafficPolicy"),
        ("content-length", "275"),
        ("x-amz-user-agent", "aws-sdk-js/3.1111.0"),
        ("user-agent", "aws-sdk-js/3.1111.0 ua/2.1 os/linux#6.18.44-fc-v669 lang/js md/nodejs#20.20.2 api/mailmanager#3.1111.0 m/N,E,e"),
        ("host", "localhost:5000"),
        ("amz-sdk-invocation-id", "579c343f-559b-4e91-9b09-64ba35c5d433"),
        ("amz-sdk-request", "attempt=1; max=3"),
        ("x-amz-date", "20261202T043311Z"),
        ("x-amz-content-sha256", "bb3f7a180cf3c7ad03bc0deb0fd68e53236cbae19ddecc779bd37fa0d862ec87"),
        ("authorization", "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261202/eu-west-1/ses/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=6fd7c6d35ada9d9cddb368ae0e898cba816c752496b82efe13497de3d6fc3434"));

    private static SigV4Request Request(string body, params (string Name, string Value)[] headers) =>
        new("POST", "/", "", headers.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToList(), Encoding.UTF8.GetBytes(body));
}

/// <summary>Changes to a recorded request, for the cases a signature must catch.</summary>
public static class SigV4RequestChanges
{
    public static SigV4Request WithHeader(this SigV4Request request, string name, string value) =>
        request.WithoutHeader(name) with { Headers = [.. request.WithoutHeader(name).Headers, KeyValuePair.Create(name, value)] };

    public static SigV4Request WithoutHeader(this SigV4Request request, string name) =>
        request with { Headers = request.Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToList() };

    public static SigV4Request WithAddedHeader(this SigV4Request request, string name, string value) =>
        request with { Headers = [.. request.Headers, KeyValuePair.Create(name, value)] };

    public static SigV4Request WithBody(this SigV4Request request, string body) =>
        request with { Body = Encoding.UTF8.GetBytes(body) };
}
