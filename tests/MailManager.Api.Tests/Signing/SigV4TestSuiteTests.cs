using System.Security.Cryptography;
using MailManager.Api.Signing;

namespace MailManager.Api.Tests.Signing;

/// <summary>AWS's published Signature Version 4 test suite (Vectors/): what every AWS SDK's signer is tested against.</summary>
public sealed class SigV4TestSuiteTests
{
    public static TheoryData<string> Cases() => new(SigV4TestCase.Names());

    [Fact]
    public void The_suite_is_there_with_its_cases()
    {
        var names = SigV4TestCase.Names().ToList();

        Assert.Equal(31, names.Count);
        Assert.Contains("get-vanilla", names);
        Assert.Contains("post-x-www-form-urlencoded", names);
        Assert.Contains("get-header-key-duplicate", names);
        Assert.Contains("get-slashes-normalized", names);
        Assert.Contains("get-utf8", names);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_suite_signed_request_verifies_at_the_suite_time(string name)
    {
        var suite = SigV4TestCase.Load(name);

        var result = SigV4Verifier.Verify(suite.SignedRequest, suite.SecretAccessKey, suite.Service, suite.Time);

        Assert.Equal(new SigV4Result(SigV4Outcome.Verified, suite.AccessKeyId), result);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_canonical_request_and_string_to_sign_are_the_suite_ones(string name)
    {
        var suite = SigV4TestCase.Load(name);
        Assert.True(SigV4Authorization.TryParse(suite.SignedRequest.HeaderValues("Authorization").Single(), out var authorization));
        Assert.True(SigV4Verifier.TryReadRequestDate(suite.SignedRequest, out _, out var amzDate, out _));
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(suite.SignedRequest.Body.Span));

        var canonicalRequest = SigV4Verifier.CanonicalRequest(suite.SignedRequest, authorization.SignedHeaders, payloadHash);

        Assert.Equal(suite.CanonicalRequest, canonicalRequest);
        Assert.Equal(suite.StringToSign, SigV4Verifier.StringToSign(amzDate, authorization.Scope, canonicalRequest));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_suite_signed_request_fails_with_another_secret(string name)
    {
        var suite = SigV4TestCase.Load(name);

        var result = SigV4Verifier.Verify(suite.SignedRequest, suite.SecretAccessKey + "x", suite.Service, suite.Time);

        Assert.Equal(SigV4Outcome.InvalidSignature, result.Outcome);
    }
}
