using System.Security.Cryptography;
using MailManager.Api.Signing;

namespace MailManager.Api.Tests.Signing;

/// <summary>
/// Signs a request with chosen scope, date and signed headers, so a test can build a correctly signed request that
/// breaks one rule (an unsigned host, a scope for another service). It reuses the verifier's canonical request and
/// key derivation; that they are right is what the AWS suite and the SDK-signed requests prove, and
/// <see cref="SigV4VerifierTests.The_test_signer_reproduces_the_SDK_signature"/> ties this signer to them.
/// </summary>
internal static class TestSigner
{
    public static SigV4Request Sign(
        SigV4Request request,
        string amzDate,
        string service = "ses",
        string region = "eu-west-1",
        string? scopeDate = null,
        IReadOnlyList<string>? signedHeaders = null,
        string secretAccessKey = SdkSignedRequests.SecretAccessKey)
    {
        request = request.WithoutHeader("authorization");
        var names = signedHeaders ?? request.Headers
            .Select(h => h.Key.ToLowerInvariant())
            .Where(name => name != "user-agent")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var scope = new SigV4Authorization(SdkSignedRequests.AccessKeyId, scopeDate ?? amzDate[..8], region, service, names, "");
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span));
        var canonicalRequest = SigV4Verifier.CanonicalRequest(request, names, payloadHash);
        var signature = SigV4Verifier.Signature(secretAccessKey, scope, SigV4Verifier.StringToSign(amzDate, scope.Scope, canonicalRequest));
        return request.WithAddedHeader("Authorization",
            $"AWS4-HMAC-SHA256 Credential={SdkSignedRequests.AccessKeyId}/{scope.Scope}, SignedHeaders={string.Join(';', names)}, Signature={signature}");
    }
}
