using System.Collections.Concurrent;
using MailManager.Api.Protocol;
using MailManager.Api.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace MailManager.Api.Tests.Signing;

public sealed class ApiAuthenticatorTests
{
    private readonly InMemoryAccessKeyStore _keys = new(new ApiAccessKeySecret(SdkSignedRequests.AccessKeyId, SdkSignedRequests.SecretAccessKey, Active: true));
    private readonly ManualClock _clock = new(SdkSignedRequests.SignedAt.AddMinutes(2));
    private readonly CollectingLoggerProvider _logs = new();
    private readonly ApiAuthenticator _authenticator;

    public ApiAuthenticatorTests() =>
        _authenticator = new ApiAuthenticator(_keys, new SignatureFailureThrottle(), _clock, _logs.CreateLogger<ApiAuthenticator>());

    [Fact]
    public async Task A_request_signed_by_the_SDK_is_attributed_to_its_key_and_the_use_is_recorded()
    {
        var accessKeyId = await Authenticate(SdkSignedRequests.CreateRuleSet());

        Assert.Equal(SdkSignedRequests.AccessKeyId, accessKeyId);
        Assert.Equal([SdkSignedRequests.AccessKeyId], _keys.Uses);
    }

    [Fact]
    public async Task A_valid_signature_that_leaves_the_operation_unsigned_is_refused()
    {
        var request = SdkSignedRequests.CreateRuleSet();
        var signedAt = SdkSignedRequests.SignedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var withoutTarget = TestSigner.Sign(request, signedAt, signedHeaders: ["content-type", "host", "x-amz-date"]);

        await AssertRefused("InvalidSignatureException", () => Authenticate(withoutTarget));
        Assert.Equal(SdkSignedRequests.AccessKeyId, await Authenticate(TestSigner.Sign(request, signedAt)));
    }

    [Fact]
    public async Task A_Secrets_Manager_request_is_verified_with_its_own_signing_name()
    {
        Assert.Equal(SdkSignedRequests.AccessKeyId, await Authenticate(SdkSignedRequests.CreateSecret(), "secretsmanager"));

        await AssertRefused("InvalidSignatureException", () => Authenticate(SdkSignedRequests.CreateSecret(), "ses"));
    }

    [Fact]
    public async Task A_request_without_an_Authorization_header_is_missing_authentication()
    {
        var error = await AssertRefused("MissingAuthenticationTokenException", () => Authenticate(SdkSignedRequests.CreateRuleSet().WithoutHeader("authorization")));

        Assert.Equal(403, error.StatusCode);
        Assert.Empty(_keys.Lookups);
    }

    [Fact]
    public async Task An_unknown_key_is_an_unrecognized_client()
    {
        _keys.Remove(SdkSignedRequests.AccessKeyId);

        var error = await AssertRefused("UnrecognizedClientException", () => Authenticate(SdkSignedRequests.CreateRuleSet()));

        Assert.Equal(403, error.StatusCode);
        Assert.Empty(_keys.Uses);
    }

    [Fact]
    public async Task An_inactive_key_is_an_unrecognized_client_like_an_unknown_one()
    {
        _keys.Put(new ApiAccessKeySecret(SdkSignedRequests.AccessKeyId, SdkSignedRequests.SecretAccessKey, Active: false));
        var inactive = await AssertRefused("UnrecognizedClientException", () => Authenticate(SdkSignedRequests.CreateRuleSet()));
        _keys.Remove(SdkSignedRequests.AccessKeyId);
        var unknown = await AssertRefused("UnrecognizedClientException", () => Authenticate(SdkSignedRequests.CreateRuleSet()));

        Assert.Equal(unknown.Message, inactive.Message);
        Assert.Empty(_keys.Uses);
    }

    [Fact]
    public async Task A_session_token_is_refused_since_the_server_issues_none()
    {
        var request = TestSigner.Sign(
            SdkSignedRequests.CreateRuleSet().WithoutHeader("authorization").WithAddedHeader("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLE"),
            "20261130T091542Z");

        await AssertRefused("UnrecognizedClientException", () => Authenticate(request));
        Assert.Empty(_keys.Uses);
    }

    [Fact]
    public async Task Every_kind_of_signature_failure_answers_the_same_error()
    {
        var unsigned = SdkSignedRequests.CreateRuleSet().WithoutHeader("authorization");
        var failures = new Dictionary<string, SigV4Request>
        {
            ["wrong secret"] = TestSigner.Sign(unsigned, "20261130T091542Z", secretAccessKey: "another-secret"),
            ["altered body"] = SdkSignedRequests.CreateRuleSet().WithBody("{}"),
            ["altered signed header"] = SdkSignedRequests.CreateRuleSet().WithHeader("x-amz-target", "MailManagerSvc.DeleteRuleSet"),
            ["unsigned host"] = TestSigner.Sign(unsigned, "20261130T091542Z", signedHeaders: ["x-amz-content-sha256", "x-amz-date", "x-amz-target"]),
            ["scope service mailmanager"] = TestSigner.Sign(unsigned, "20261130T091542Z", service: "mailmanager"),
            ["scope date not the request date"] = TestSigner.Sign(unsigned, "20261130T091542Z", scopeDate: "20261201"),
            ["signed header missing"] = SdkSignedRequests.CreateRuleSet().WithoutHeader("amz-sdk-request"),
            ["malformed header"] = unsigned.WithAddedHeader("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request"),
            ["two Authorization headers"] = SdkSignedRequests.CreateRuleSet().WithAddedHeader("Authorization", SdkSignedRequests.CreateRuleSet().HeaderValues("authorization").Single()),
        };

        var errors = new List<ApiException>();
        foreach (var (_, request) in failures)
        {
            errors.Add(await AssertRefused("InvalidSignatureException", () => Authenticate(request)));
        }

        var expected = ApiException.InvalidSignature();
        Assert.All(errors, error => Assert.Equal((expected.Type, expected.StatusCode, expected.Message), (error.Type, error.StatusCode, error.Message)));
        Assert.Empty(_keys.Uses);
    }

    [Fact]
    public async Task A_request_signed_16_minutes_ago_has_an_expired_signature()
    {
        _clock.Now = SdkSignedRequests.SignedAt.AddMinutes(16);

        var error = await AssertRefused("InvalidSignatureException", () => Authenticate(SdkSignedRequests.CreateRuleSet()));

        Assert.Equal(ApiException.SignatureExpired().Message, error.Message);
        Assert.Empty(_keys.Uses);
    }

    [Fact]
    public async Task After_20_failed_signatures_in_a_minute_failures_are_throttled_but_the_owner_is_not_locked_out()
    {
        var forged = SdkSignedRequests.CreateRuleSet().WithHeader("x-amz-target", "MailManagerSvc.DeleteRuleSet");
        for (var i = 0; i < SignatureFailureThrottle.MaxFailures; i++)
        {
            await AssertRefused("InvalidSignatureException", () => Authenticate(forged));
        }

        var throttled = await AssertRefused("ThrottlingException", () => Authenticate(forged));
        Assert.Equal(429, throttled.StatusCode);
        // Whoever holds the secret still gets through while a stranger's guesses are being refused.
        Assert.Equal(SdkSignedRequests.AccessKeyId, await Authenticate(SdkSignedRequests.CreateRuleSet()));

        _clock.Now += SignatureFailureThrottle.RefusalPeriod;
        await AssertRefused("InvalidSignatureException", () => Authenticate(forged));
    }

    [Fact]
    public async Task Failures_spread_over_more_than_a_minute_do_not_throttle()
    {
        var forged = SdkSignedRequests.CreateRuleSet().WithBody("{}");
        for (var i = 0; i < SignatureFailureThrottle.MaxFailures * 2; i++)
        {
            await AssertRefused("InvalidSignatureException", () => Authenticate(forged));
            _clock.Now += TimeSpan.FromSeconds(5);
        }

        Assert.Equal(SdkSignedRequests.AccessKeyId, await Authenticate(SdkSignedRequests.CreateRuleSet()));
    }

    [Fact]
    public async Task Failures_for_an_unknown_key_throttle_nothing()
    {
        _keys.Remove(SdkSignedRequests.AccessKeyId);
        for (var i = 0; i < SignatureFailureThrottle.MaxFailures * 2; i++)
        {
            await AssertRefused("UnrecognizedClientException", () => Authenticate(SdkSignedRequests.CreateRuleSet()));
        }

        _keys.Put(new ApiAccessKeySecret(SdkSignedRequests.AccessKeyId, SdkSignedRequests.SecretAccessKey, Active: true));
        Assert.Equal(SdkSignedRequests.AccessKeyId, await Authenticate(SdkSignedRequests.CreateRuleSet()));
    }

    [Fact]
    public async Task Neither_the_secret_nor_the_signature_nor_the_Authorization_header_is_logged()
    {
        await Authenticate(SdkSignedRequests.CreateRuleSet());
        await AssertRefused("InvalidSignatureException", () => Authenticate(SdkSignedRequests.CreateRuleSet().WithBody("{}")));
        await AssertRefused("InvalidSignatureException", () => Authenticate(SdkSignedRequests.CreateRuleSet()
            .WithHeader("authorization", "AWS4-HMAC-SHA256 Credential=AKIAMAILMANAGERTEST1/20261130/eu-west-1/ses/aws4_request, Signature=" + SdkSignedRequests.CreateRuleSetSignature)));
        _clock.Now = SdkSignedRequests.SignedAt.AddHours(1);
        await AssertRefused("InvalidSignatureException", () => Authenticate(SdkSignedRequests.CreateRuleSet()));

        Assert.NotEmpty(_logs.Messages);
        Assert.Contains(_logs.Messages, message => message.Contains(SdkSignedRequests.AccessKeyId, StringComparison.Ordinal));
        Assert.All(_logs.Messages, message =>
        {
            Assert.DoesNotContain(SdkSignedRequests.SecretAccessKey, message, StringComparison.Ordinal);
            Assert.DoesNotContain(SdkSignedRequests.CreateRuleSetSignature, message, StringComparison.Ordinal);
            Assert.DoesNotContain("Credential=", message, StringComparison.Ordinal);
        });
    }

    private Task<string> Authenticate(SigV4Request request, string signingName = "ses") =>
        _authenticator.AuthenticateAsync(ToHttpRequest(request), request.Body, signingName, CancellationToken.None);

    private static async Task<ApiException> AssertRefused(string type, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<ApiException>(call);
        Assert.Equal(type, error.Type);
        return error;
    }

    // As Kestrel hands a request over: repeated header lines become one header with several values.
    private static HttpRequest ToHttpRequest(SigV4Request request)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = request.Method;
        context.Request.Path = request.Path;
        context.Request.QueryString = new QueryString(request.Query);
        foreach (var group in request.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            context.Request.Headers[group.Key] = new StringValues([.. group.Select(h => h.Value)]);
        }

        return context.Request;
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger<T> CreateLogger<T>() => new Logger<T>(new LoggerFactory([this]));

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue(formatter(state, exception) + " " + string.Join(' ', (state as IEnumerable<KeyValuePair<string, object?>>)?.Select(p => $"{p.Key}={p.Value}") ?? []));
        }
    }
}
