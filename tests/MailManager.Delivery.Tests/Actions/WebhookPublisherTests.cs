using MailManager.Core.RuleSets.Actions;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using MailManager.Core.Messages;
using MailManager.Data.Messages;
using MailManager.Delivery.Actions;
using MailManager.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Delivery.Tests.Actions;

public sealed class WebhookPublisherTests : IAsyncLifetime
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("whsec-test-key-0123456789");

    private WebhookListener _listener = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync() => _listener = await WebhookListener.StartAsync();

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    /// <summary>The publisher as the host registers it, with plain http allowed (the local listener) unless a setting says otherwise.</summary>
    private WebhookPublisher Publisher(Dictionary<string, string?>? settings = null, X509Certificate2? trusted = null)
    {
        var values = new Dictionary<string, string?> { ["MailManager:Actions:AllowInsecureWebhooks"] = "true" };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddLogging()
            .AddMailManagerActionTransports();
        if (trusted is not null)
        {
            // The test's self-signed certificate is trusted by its fingerprint; every other setting of the handler stays.
            services.AddHttpClient(WebhookPublisher.HttpClientName).ConfigurePrimaryHttpMessageHandler((handler, _) =>
                ((SocketsHttpHandler)handler).SslOptions.RemoteCertificateValidationCallback =
                    (_, certificate, _, _) => certificate?.GetCertHashString() == trusted.GetCertHashString());
        }
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<WebhookPublisher>();
    }

    private static WebhookRequest Request(string url, byte[] content, WebhookEncoding encoding = WebhookEncoding.Utf8,
        WebhookPayloadType payloadType = WebhookPayloadType.Content, byte[]? key = null, string? headerBlock = null) =>
        new(url, key, encoding, payloadType, ActionMessages.Create(),
            headerBlock ?? MessageHeaderReader.Parse(content).Headers, new MemoryStream(content));

    private static JsonElement Parse(WebhookListener.Received received) => JsonDocument.Parse(received.Body).RootElement;

    [Fact]
    public async Task The_payload_is_shaped_like_the_SES_receipt_notification_and_signed_with_the_key()
    {
        var bytes = SampleMessage.Create();
        var request = Request(_listener.Url, bytes, key: Key);

        var result = await Publisher().PublishAsync(request, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Contains("200", result.Reply, StringComparison.Ordinal);
        var received = _listener.Single();
        Assert.Equal("POST", received.Method);
        Assert.Equal("/hooks/mail?token=query-secret", received.PathAndQuery);
        Assert.Equal("application/json; charset=utf-8", received.Headers["Content-Type"]);
        Assert.False(received.Headers.ContainsKey("Cookie"));

        var json = Parse(received);
        Assert.Equal("Received", json.GetProperty("notificationType").GetString());
        var mail = json.GetProperty("mail");
        Assert.Equal("2026-11-23T08:00:00.123Z", mail.GetProperty("timestamp").GetString());
        Assert.Equal("sender@example.com", mail.GetProperty("source").GetString());
        Assert.Equal(request.Message.MessageId, mail.GetProperty("messageId").GetString());
        Assert.Equal(["a@example.org", "b@example.org"], mail.GetProperty("destination").EnumerateArray().Select(e => e.GetString()));
        Assert.False(mail.GetProperty("headersTruncated").GetBoolean());
        var headers = mail.GetProperty("headers").EnumerateArray().Select(h => (h.GetProperty("name").GetString(), h.GetProperty("value").GetString())).ToList();
        Assert.Equal(["Received", "From", "To", "Bcc", "Content-Length", "Subject", "X-Note", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"],
            headers.Select(h => h.Item1));
        Assert.Contains(("Subject", SampleMessage.Subject), headers); // the encoded word, decoded
        Assert.Contains(("X-Note", "déjà vu"), headers);              // raw UTF-8 (RFC 6532)
        var common = mail.GetProperty("commonHeaders");
        Assert.Equal("sender@example.com", common.GetProperty("returnPath").GetString());
        Assert.Equal(["Sender <sender@example.com>"], common.GetProperty("from").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["a@example.org", "b@example.org"], common.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(SampleMessage.Subject, common.GetProperty("subject").GetString());
        Assert.False(common.TryGetProperty("cc", out _)); // absent headers are left out, as SES does

        var receipt = json.GetProperty("receipt");
        Assert.Equal("2026-11-23T08:00:00.123Z", receipt.GetProperty("timestamp").GetString());
        Assert.True(receipt.GetProperty("processingTimeMillis").GetInt64() > 0);
        Assert.Equal(["a@example.org", "b@example.org"], receipt.GetProperty("recipients").EnumerateArray().Select(e => e.GetString()));
        var action = receipt.GetProperty("action");
        Assert.Equal("Webhook", action.GetProperty("type").GetString());
        Assert.Equal("UTF8", action.GetProperty("encoding").GetString());
        Assert.Equal("CONTENT", action.GetProperty("payloadType").GetString());
        Assert.Equal("rs-0123456789abcdef", action.GetProperty("ruleSetId").GetString());
        Assert.Equal("inbound-rules", action.GetProperty("ruleSetName").GetString());
        Assert.Equal(2, action.GetProperty("ruleIndex").GetInt32());
        Assert.Equal("archive-all", action.GetProperty("ruleName").GetString());
        Assert.Equal(1, action.GetProperty("actionIndex").GetInt32());
        Assert.Equal(Encoding.UTF8.GetString(bytes), json.GetProperty("content").GetString());

        // Verified as a receiver would (the README's recipe): HMAC-SHA256 over "{timestamp}.{raw body}".
        var timestamp = received.Headers[WebhookPublisher.TimestampHeader];
        Assert.InRange(long.Parse(timestamp), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        byte[] signed = [.. Encoding.ASCII.GetBytes(timestamp + "."), .. received.Body];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, signed));
        Assert.Equal(expected, received.Headers[WebhookPublisher.SignatureHeader]);
        Assert.NotEqual(expected, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("another key"u8.ToArray(), signed)));
    }

    [Fact]
    public async Task Common_headers_carry_decoded_addresses_date_message_id_and_return_path()
    {
        var block =
            "Return-Path: <bounces@example.com>\r\n" +
            "From: =?utf-8?q?M=C3=BCller=2C_J=C3=BCrgen?= <j@example.com>\r\n" +
            "To: Jane Doe <jane@example.org>, bob@example.org\r\n" +
            "Cc: \"Ops, Team\" <ops@example.org>\r\n" +
            "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n" +
            "Message-ID: <abc.123@example.com>\r\n" +
            "Subject: plain";
        var bytes = Encoding.UTF8.GetBytes(block + "\r\n\r\nbody\r\n");

        await Publisher().PublishAsync(Request(_listener.Url, bytes), CancellationToken.None);

        var common = Parse(_listener.Single()).GetProperty("mail").GetProperty("commonHeaders");
        Assert.Equal("bounces@example.com", common.GetProperty("returnPath").GetString());
        Assert.Equal(["\"Müller, Jürgen\" <j@example.com>"], common.GetProperty("from").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Jane Doe <jane@example.org>", "bob@example.org"], common.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["\"Ops, Team\" <ops@example.org>"], common.GetProperty("cc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Mon, 23 Nov 2026 08:00:00 +0000", common.GetProperty("date").GetString());
        Assert.Equal("<abc.123@example.com>", common.GetProperty("messageId").GetString());
        Assert.Equal("plain", common.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Without_a_key_the_post_carries_a_timestamp_and_no_signature()
    {
        var result = await Publisher().PublishAsync(Request(_listener.Url, SampleMessage.Create()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var received = _listener.Single();
        Assert.True(received.Headers.ContainsKey(WebhookPublisher.TimestampHeader));
        Assert.False(received.Headers.ContainsKey(WebhookPublisher.SignatureHeader));
    }

    [Fact]
    public async Task Base64_content_decodes_to_the_exact_bytes_even_when_they_are_not_UTF8()
    {
        byte[] bytes = [.. SampleMessage.Create(), .. "Latin-1: caf"u8, 0xE9, 0xFF, (byte)'\r', (byte)'\n'];

        var result = await Publisher().PublishAsync(Request(_listener.Url, bytes, WebhookEncoding.Base64), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var json = Parse(_listener.Single());
        Assert.Equal("BASE64", json.GetProperty("receipt").GetProperty("action").GetProperty("encoding").GetString());
        Assert.Equal(bytes, json.GetProperty("content").GetBytesFromBase64());
    }

    [Fact]
    public async Task Headers_payload_has_the_headers_and_no_content_and_ignores_the_content_cap()
    {
        var publisher = Publisher(new() { ["MailManager:Actions:WebhookMaxContentBytes"] = "100" });

        var result = await publisher.PublishAsync(Request(_listener.Url, SampleMessage.Create(), payloadType: WebhookPayloadType.Headers), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var json = Parse(_listener.Single());
        Assert.False(json.TryGetProperty("content", out _));
        Assert.Equal("HEADERS", json.GetProperty("receipt").GetProperty("action").GetProperty("payloadType").GetString());
        Assert.Equal(10, json.GetProperty("mail").GetProperty("headers").GetArrayLength());
    }

    [Theory]
    [InlineData(WebhookPayloadType.Content, 20 * 1024, true)]
    [InlineData(WebhookPayloadType.Headers, 100 * 1024, false)]
    public async Task Headers_are_capped_at_SES_sizes_and_the_cut_is_flagged(WebhookPayloadType payloadType, int cap, bool truncated)
    {
        // 60 headers of about 1 KB each: over the 20 KB of Content, under the 100 KB of Headers.
        var block = "From: sender@example.com\r\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"X-Filler-{i:00}: {new string('v', 1000)}\r\n"));
        var bytes = Encoding.ASCII.GetBytes(block + "\r\nbody\r\n");

        await Publisher().PublishAsync(Request(_listener.Url, bytes, payloadType: payloadType), CancellationToken.None);

        var mail = Parse(_listener.Single()).GetProperty("mail");
        Assert.Equal(truncated, mail.GetProperty("headersTruncated").GetBoolean());
        var headers = mail.GetProperty("headers").EnumerateArray().ToList();
        var size = headers.Sum(h => h.GetProperty("name").GetString()!.Length + h.GetProperty("value").GetString()!.Length + 4);
        Assert.True(size <= cap, $"{size} bytes of headers over the cap of {cap}");
        Assert.Equal(truncated ? 21 : 61, headers.Count);
        Assert.Equal("From", headers[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(200, DeliveryOutcome.Delivered)]
    [InlineData(202, DeliveryOutcome.Delivered)]
    [InlineData(204, DeliveryOutcome.Delivered)]
    [InlineData(500, DeliveryOutcome.TemporaryFailure)]
    [InlineData(502, DeliveryOutcome.TemporaryFailure)]
    [InlineData(503, DeliveryOutcome.TemporaryFailure)]
    [InlineData(408, DeliveryOutcome.TemporaryFailure)]
    [InlineData(429, DeliveryOutcome.TemporaryFailure)]
    [InlineData(400, DeliveryOutcome.PermanentFailure)]
    [InlineData(401, DeliveryOutcome.PermanentFailure)]
    [InlineData(404, DeliveryOutcome.PermanentFailure)]
    [InlineData(413, DeliveryOutcome.PermanentFailure)]
    public async Task The_status_code_decides_the_outcome(int status, DeliveryOutcome expected)
    {
        _listener.Status = status;
        _listener.ReplyBody = status >= 300 ? "signature\nrejected" : string.Empty;

        var result = await Publisher().PublishAsync(Request(_listener.Url, SampleMessage.Create(), key: Key), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.StartsWith($"HTTP {status} ", result.Reply, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:", result.Reply, StringComparison.Ordinal);
        if (status >= 300)
        {
            Assert.EndsWith(": signature rejected", result.Reply, StringComparison.Ordinal);
        }
        AssertNoSecrets(result.Reply);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_not_followed_and_fails_for_good(int status)
    {
        _listener.Status = status;
        _listener.Location = _listener.BaseUrl + "/moved?token=elsewhere";

        var result = await Publisher().PublishAsync(Request(_listener.Url, SampleMessage.Create(), key: Key), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.Contains($"redirect to {_listener.BaseUrl}/moved not followed", result.Reply, StringComparison.Ordinal);
        Assert.Equal("/hooks/mail?token=query-secret", _listener.Single().PathAndQuery);
    }

    [Fact]
    public async Task A_closed_listener_is_a_temporary_failure()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/hooks/mail";

        var result = await Publisher().PublishAsync(Request(url, SampleMessage.Create(), key: Key), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.TemporaryFailure, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.StartsWith("Could not connect to 127.0.0.1:", result.Reply, StringComparison.Ordinal);
        AssertNoSecrets(result.Reply);
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_is_a_temporary_failure()
    {
        _listener.Delay = TimeSpan.FromSeconds(30);
        var publisher = Publisher(new() { ["MailManager:Actions:WebhookTimeout"] = "00:00:00.500" });

        var result = await publisher.PublishAsync(Request(_listener.Url, SampleMessage.Create()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.TemporaryFailure, result.Outcome);
        Assert.Contains("did not answer within 0.5 seconds", result.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_caller_cancels_the_post_rather_than_reporting_a_failure()
    {
        _listener.Delay = TimeSpan.FromSeconds(30);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Publisher().PublishAsync(Request(_listener.Url, SampleMessage.Create()), stopping.Token));
    }

    [Fact]
    public async Task Content_over_the_cap_fails_for_good_and_sends_nothing()
    {
        var bytes = SampleMessage.Create();
        var publisher = Publisher(new() { ["MailManager:Actions:WebhookMaxContentBytes"] = (bytes.Length - 1).ToString() });

        var result = await publisher.PublishAsync(Request(_listener.Url, bytes), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains($"({bytes.Length} bytes) is over the webhook content limit of {bytes.Length - 1} bytes (MailManager:Actions:WebhookMaxContentBytes)",
            result.Reply, StringComparison.Ordinal);
        Assert.Empty(_listener.Requests);
    }

    [Fact]
    public async Task Content_exactly_at_the_cap_is_sent()
    {
        var bytes = SampleMessage.Create();
        var publisher = Publisher(new() { ["MailManager:Actions:WebhookMaxContentBytes"] = bytes.Length.ToString() });

        var result = await publisher.PublishAsync(Request(_listener.Url, bytes), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    [Fact]
    public async Task Plain_http_is_refused_unless_allowed_and_nothing_is_sent()
    {
        var publisher = Publisher(new() { ["MailManager:Actions:AllowInsecureWebhooks"] = "false" });

        var result = await publisher.PublishAsync(Request(_listener.Url, SampleMessage.Create()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("must use https", result.Reply, StringComparison.Ordinal);
        Assert.Empty(_listener.Requests);
    }

    [Fact]
    public async Task Https_to_a_trusted_certificate_is_delivered_and_to_an_untrusted_one_is_a_temporary_failure()
    {
        using var certificate = SmtpCertificates.CreateSelfSigned("localhost", TimeSpan.FromDays(1));
        await using var https = await WebhookListener.StartAsync(certificate);
        var settings = new Dictionary<string, string?> { ["MailManager:Actions:AllowInsecureWebhooks"] = "false" };

        var trusted = await Publisher(settings, trusted: certificate).PublishAsync(Request(https.Url, SampleMessage.Create(), key: Key), CancellationToken.None);
        var untrusted = await Publisher(settings).PublishAsync(Request(https.Url, SampleMessage.Create(), key: Key), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, trusted.Outcome);
        Assert.Equal(DeliveryOutcome.TemporaryFailure, untrusted.Outcome);
        Assert.StartsWith("TLS handshake with 127.0.0.1:", untrusted.Reply, StringComparison.Ordinal);
        var received = https.Single();
        Assert.Equal("Received", Parse(received).GetProperty("notificationType").GetString());
        AssertNoSecrets(untrusted.Reply);
    }

    [Theory]
    [InlineData("https://hooks.example.com/mail", false)]
    [InlineData("https://hooks.example.com:8443/mail?token=abc", false)]
    [InlineData("https://127.0.0.1/", false)]
    [InlineData("https://[::1]:9000/hook", false)]
    [InlineData("http://hooks.example.com/mail", true)]
    public void Webhook_urls_that_are_accepted(string url, bool allowInsecure) =>
        Assert.Null(WebhookPublisher.CheckUrl(url, allowInsecure));

    [Theory]
    [InlineData(null, true, "Enter the webhook URL")]
    [InlineData("  ", true, "Enter the webhook URL")]
    [InlineData("hooks.example.com/mail", true, "absolute URL")]
    [InlineData("/relative/path", true, "absolute URL")]
    [InlineData("ftp://hooks.example.com/", true, "absolute URL")]
    [InlineData("file:///etc/passwd", true, "absolute URL")]
    [InlineData("https://", true, "absolute URL")]
    [InlineData("http://hooks.example.com/mail", false, "must use https (http only when MailManager:Actions:AllowInsecureWebhooks is true)")]
    [InlineData("https://user:password@hooks.example.com/", true, "user name or password")]
    [InlineData("https://hooks.example.com/a b", true, "spaces")]
    [InlineData("https://hooks.example.com/\n", true, "control")]
    public void Webhook_urls_that_are_refused(string? url, bool allowInsecure, string expected)
    {
        var error = WebhookPublisher.CheckUrl(url, allowInsecure);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_longer_than_the_limit_is_refused()
    {
        var url = "https://hooks.example.com/" + new string('a', WebhookPublisher.MaxUrlLength);
        Assert.Contains("at most 2048", WebhookPublisher.CheckUrl(url, allowInsecure: false), StringComparison.Ordinal);
    }

    private static void AssertNoSecrets(string reply)
    {
        Assert.DoesNotContain(Encoding.UTF8.GetString(Key), reply, StringComparison.Ordinal);
        Assert.DoesNotContain("query-secret", reply, StringComparison.Ordinal);
    }
}
