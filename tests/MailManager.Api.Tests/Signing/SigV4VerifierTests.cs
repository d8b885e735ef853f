using MailManager.Api.Signing;

namespace MailManager.Api.Tests.Signing;

public sealed class SigV4VerifierTests
{
    private static readonly DateTimeOffset Now = SdkSignedRequests.SignedAt;

    private static SigV4Request Unsigned() => SdkSignedRequests.CreateRuleSet().WithoutHeader("authorization");

    private static SigV4Outcome Verify(SigV4Request request, string signingName = "ses", string secret = SdkSignedRequests.SecretAccessKey) =>
        SigV4Verifier.Verify(request, secret, signingName, Now).Outcome;

    [Fact]
    public void A_MailManager_request_signed_by_the_SDK_verifies_with_the_signing_name_ses() =>
        Assert.Equal(
            new SigV4Result(SigV4Outcome.Verified, SdkSignedRequests.AccessKeyId),
            SigV4Verifier.Verify(SdkSignedRequests.CreateRuleSet(), SdkSignedRequests.SecretAccessKey, "ses", Now));

    [Fact]
    public void A_request_recorded_from_the_MailManager_client_verifies() =>
        Assert.Equal(
            new SigV4Result(SigV4Outcome.Verified, SdkSignedRequests.AccessKeyId),
            SigV4Verifier.Verify(SdkSignedRequests.CreateTrafficPolicyFromClient(), SdkSignedRequests.SecretAccessKey, "ses", SdkSignedRequests.ClientSignedAt));

    [Fact]
    public void A_Secrets_Manager_request_signed_by_the_SDK_verifies_with_the_signing_name_secretsmanager() =>
        Assert.Equal(SigV4Outcome.Verified, Verify(SdkSignedRequests.CreateSecret(), "secretsmanager"));

    [Fact]
    public void A_request_signed_for_one_service_is_refused_by_the_other() =>
        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(SdkSignedRequests.CreateRuleSet(), "secretsmanager"));

    [Fact]
    public void The_test_signer_reproduces_the_SDK_signature()
    {
        var signed = TestSigner.Sign(Unsigned(), "20261130T091542Z");

        Assert.Equal(
            SdkSignedRequests.CreateRuleSet().HeaderValues("authorization").Single(),
            signed.HeaderValues("authorization").Single());
    }

    [Theory]
    [InlineData(-15 * 60, SigV4Outcome.Verified)]
    [InlineData(15 * 60, SigV4Outcome.Verified)]
    [InlineData(15 * 60 + 1, SigV4Outcome.Expired)]
    [InlineData(16 * 60, SigV4Outcome.Expired)]
    [InlineData(-16 * 60, SigV4Outcome.Expired)]
    [InlineData(-24 * 60 * 60, SigV4Outcome.Expired)]
    public void The_signed_date_may_be_up_to_15_minutes_from_the_server_clock_either_way(int serverClockAheadBySeconds, SigV4Outcome expected) =>
        Assert.Equal(expected, SigV4Verifier.Verify(
            SdkSignedRequests.CreateRuleSet(), SdkSignedRequests.SecretAccessKey, "ses", Now.AddSeconds(serverClockAheadBySeconds)).Outcome);

    [Fact]
    public void A_wrong_secret_is_an_invalid_signature() =>
        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(SdkSignedRequests.CreateRuleSet(), secret: "c2lnbmluZy10ZXN0LXNlY3JldC1ub3QtcmVhbC0wMDAy"));

    [Fact]
    public void An_altered_body_is_an_invalid_signature() =>
        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(SdkSignedRequests.CreateRuleSet()
            .WithBody("""{"RuleSetName":"inbound-rulez","Rules":[],"ClientToken":"5f0b6c8e-2d1a-4a52-9d7e-0c3f2b7a9e11"}""")));

    [Fact]
    public void An_altered_body_with_its_own_payload_hash_header_is_an_invalid_signature()
    {
        var request = SdkSignedRequests.CreateRuleSet().WithBody("{}")
            .WithHeader("x-amz-content-sha256", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");

        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(request));
    }

    [Fact]
    public void An_altered_body_without_a_payload_hash_header_is_an_invalid_signature()
    {
        // Signed the same way as the SDK, but without x-amz-content-sha256: only the canonical request's hash covers the body.
        var signed = TestSigner.Sign(Unsigned().WithoutHeader("x-amz-content-sha256"), "20261130T091542Z");
        Assert.Equal(SigV4Outcome.Verified, Verify(signed));

        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(signed.WithBody("""{"RuleSetName":"other"}""")));
    }

    [Fact]
    public void A_payload_hash_header_that_is_not_the_body_hash_is_refused_even_when_signed()
    {
        var signed = TestSigner.Sign(Unsigned().WithHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), "20261130T091542Z");

        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(signed));
    }

    [Theory]
    [InlineData("x-amz-target", "MailManagerSvc.DeleteRuleSet")]
    [InlineData("host", "gateway.example.com:5000")]
    [InlineData("content-type", "application/x-amz-json-1.1")]
    [InlineData("x-amz-date", "20261130T091543Z")]
    public void An_altered_signed_header_is_an_invalid_signature(string name, string value) =>
        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(SdkSignedRequests.CreateRuleSet().WithHeader(name, value)));

    [Fact]
    public void A_signed_header_sent_twice_is_an_invalid_signature() =>
        Assert.Equal(SigV4Outcome.InvalidSignature,
            Verify(SdkSignedRequests.CreateRuleSet().WithAddedHeader("X-Amz-Target", "MailManagerSvc.DeleteRuleSet")));

    [Fact]
    public void Headers_that_are_not_signed_may_be_added_or_changed_on_the_way()
    {
        var request = SdkSignedRequests.CreateRuleSet()
            .WithHeader("user-agent", "curl/8.0")
            .WithAddedHeader("X-Forwarded-For", "192.0.2.10")
            .WithAddedHeader("Connection", "keep-alive");

        Assert.Equal(SigV4Outcome.Verified, Verify(request));
    }

    [Fact]
    public void Header_names_match_whatever_their_case()
    {
        var request = SdkSignedRequests.CreateRuleSet() with
        {
            Headers = SdkSignedRequests.CreateRuleSet().Headers.Select(h => KeyValuePair.Create(h.Key.ToUpperInvariant(), h.Value)).ToList(),
        };

        Assert.Equal(SigV4Outcome.Verified, Verify(request));
    }

    [Fact]
    public void A_signature_that_does_not_sign_the_host_is_refused()
    {
        var names = new[] { "content-type", "x-amz-content-sha256", "x-amz-date", "x-amz-target" };
        Assert.Equal(SigV4Outcome.Verified, Verify(TestSigner.Sign(Unsigned(), "20261130T091542Z", signedHeaders: [.. names.Append("host").Order(StringComparer.Ordinal)])));

        Assert.Equal(SigV4Outcome.Malformed, Verify(TestSigner.Sign(Unsigned(), "20261130T091542Z", signedHeaders: names)));
    }

    [Fact]
    public void A_signature_that_does_not_sign_its_date_is_refused() =>
        Assert.Equal(SigV4Outcome.Malformed,
            Verify(TestSigner.Sign(Unsigned(), "20261130T091542Z", signedHeaders: ["content-type", "host", "x-amz-target"])));

    [Fact]
    public void A_signed_header_missing_from_the_request_is_refused() =>
        Assert.Equal(SigV4Outcome.Malformed, Verify(SdkSignedRequests.CreateRuleSet().WithoutHeader("amz-sdk-request")));

    [Fact]
    public void A_scope_for_the_service_mailmanager_instead_of_ses_is_refused()
    {
        var signed = TestSigner.Sign(Unsigned(), "20261130T091542Z", service: "mailmanager");

        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(signed));
        Assert.Equal(SigV4Outcome.Verified, Verify(signed, signingName: "mailmanager"));
    }

    [Fact]
    public void A_scope_date_other_than_the_date_of_X_Amz_Date_is_refused() =>
        Assert.Equal(SigV4Outcome.InvalidSignature, Verify(TestSigner.Sign(Unsigned(), "20261130T091542Z", scopeDate: "20261129")));

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("ap-southeast-2")]
    [InlineData("local")]
    public void Any_region_is_accepted(string region) =>
        Assert.Equal(SigV4Outcome.Verified, Verify(TestSigner.Sign(Unsigned(), "20261130T091542Z", region: region)));

    [Fact]
    public void The_Date_header_signs_the_time_when_there_is_no_X_Amz_Date()
    {
        var request = Unsigned().WithoutHeader("x-amz-date").WithAddedHeader("Date", "Mon, 30 Nov 2026 09:15:42 GMT");

        Assert.Equal(SigV4Outcome.Verified, Verify(TestSigner.Sign(request, "20261130T091542Z")));
        Assert.Equal(SigV4Outcome.Expired, SigV4Verifier.Verify(
            TestSigner.Sign(request, "20261130T091542Z"), SdkSignedRequests.SecretAccessKey, "ses", Now.AddMinutes(20)).Outcome);
    }

    [Theory]
    [InlineData("2026-11-30T09:15:42Z")]
    [InlineData("20261130T091542")]
    [InlineData("20261131T091542Z")]
    [InlineData("")]
    public void An_unreadable_X_Amz_Date_is_refused(string value) =>
        Assert.Equal(SigV4Outcome.Malformed, Verify(SdkSignedRequests.CreateRuleSet().WithHeader("x-amz-date", value)));

    [Fact]
    public void A_request_without_a_date_is_refused() =>
        Assert.Equal(SigV4Outcome.Malformed, Verify(SdkSignedRequests.CreateRuleSet().WithoutHeader("x-amz-date")));

    public static TheoryData<string?> MalformedAuthorizations() => new(
        null,
        "",
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA1 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "Bearer fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date",
        "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses, SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws5_request, SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/2026-11-30/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=FECB3932B870A25EDA0BD0CF0F6B36B68624573BA46E6972A1EBA53EB44F63E3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=fecb3932",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=x-amz-date;host, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=Host;X-Amz-Date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3",
        "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=fecb3932b870a25eda0bd0cf0f6b36b68624573ba46e6972a1eba53eb44f63e3, Extra=1");

    [Theory]
    [MemberData(nameof(MalformedAuthorizations))]
    public void A_malformed_Authorization_header_is_refused_before_anything_else(string? authorization)
    {
        var request = authorization is null ? Unsigned() : Unsigned().WithAddedHeader("Authorization", authorization);

        Assert.Equal(new SigV4Result(SigV4Outcome.Malformed, null), SigV4Verifier.Verify(request, SdkSignedRequests.SecretAccessKey, "ses", Now));
    }

    [Fact]
    public void The_components_of_the_Authorization_header_may_come_in_any_order()
    {
        var signature = "Signature=" + SdkSignedRequests.CreateRuleSetSignature;
        var recorded = SdkSignedRequests.CreateRuleSet().HeaderValues("authorization").Single();
        var reordered = "AWS4-HMAC-SHA256 " + signature + ","
            + recorded["AWS4-HMAC-SHA256 ".Length..recorded.IndexOf(", Signature=", StringComparison.Ordinal)];

        Assert.Equal(SigV4Outcome.Verified, Verify(SdkSignedRequests.CreateRuleSet().WithHeader("authorization", reordered)));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/service/MailManagerSvc/operation/GetRuleSet", "/service/MailManagerSvc/operation/GetRuleSet")]
    [InlineData("/a%20b", "/a%2520b")]
    [InlineData("/a b/", "/a%20b/")]
    [InlineData("//a//b//", "/a/b/")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("/../..", "/")]
    [InlineData("/a+b=c", "/a%2Bb%3Dc")]
    public void The_canonical_path_is_normalized_and_encoded_once_more(string sent, string canonical) =>
        Assert.Equal(canonical, SigV4Verifier.CanonicalUri(sent));

    [Theory]
    [InlineData("", "")]
    [InlineData("?", "")]
    [InlineData("?b=2&a=1", "a=1&b=2")]
    [InlineData("a=2&a=1&A=3", "A=3&a=1&a=2")]
    [InlineData("flag&x=", "flag=&x=")]
    [InlineData("x=%2f&y=%41", "x=%2F&y=A")]
    [InlineData("x=a+b", "x=a%2Bb")]
    [InlineData("x=a%20b", "x=a%20b")]
    [InlineData("x=1&&y=2", "x=1&y=2")]
    [InlineData("x=100%", "x=100%25")]
    public void The_canonical_query_is_decoded_encoded_and_sorted(string sent, string canonical) =>
        Assert.Equal(canonical, SigV4Verifier.CanonicalQuery(sent));

    [Theory]
    [InlineData("value", "value")]
    [InlineData("  value  ", "value")]
    [InlineData("\"a   b   c\"", "\"a b c\"")]
    [InlineData("a\tb \r\n c", "a b c")]
    [InlineData("", "")]
    public void Header_values_are_trimmed_and_inner_whitespace_collapsed(string sent, string canonical) =>
        Assert.Equal(canonical, SigV4Verifier.TrimAll(sent));
}
