using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailManager.Core.Conditions;
using MailManager.Core.IngressPoints;
using MailManager.Core.Messages;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.IngressPoints;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Data.TrafficPolicies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace MailManager.Ingress.Tests;

/// <summary>
/// Rule sets acting on mail sent with swaks through a real endpoint, each action against a real peer: an SMTP sink,
/// Dovecot over LMTP, a folder, an HTTP listener. What the rules say is what happens to each recipient.
/// </summary>
public sealed class RuleActionsThroughTheGatewayTests : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();
    private readonly DownstreamSink _sink = new() { Refuses = r => r.StartsWith("unknown", StringComparison.OrdinalIgnoreCase) };
    private readonly int _sinkPort = FreePort.Next();
    private GatewayApp _app = default!;

    public async Task InitializeAsync()
    {
        ExternalProcess.Require("swaks");
        await _sink.StartAsync(_sinkPort);
        _app = new GatewayApp(_folder.Path, new Dictionary<string, string?>
        {
            ["MailManager:Delivery:FirstRetryDelay"] = "00:00:00.200",
            ["MailManager:Delivery:MaxRetryDelay"] = "00:00:00.500",
            ["MailManager:Delivery:PollInterval"] = "00:00:00.200",
            ["MailManager:Actions:AllowInsecureWebhooks"] = "true",
            ["MailManager:Notifications:Relay"] = "notices",
            ["MailManager:Notifications:Sender"] = "MAILER-DAEMON@gateway.test",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
        _folder.Dispose();
    }

    private static RuleCondition FromContains(string value) => new()
    {
        StringExpression = new RuleStringExpression { Evaluate = new() { Attribute = RuleStringEmailAttribute.From }, Operator = StringOperator.Contains, Values = [value] },
    };

    private async Task<string> RelayAsync(string name = "sink")
    {
        var relay = await _app.Get<RelayService>().CreateAsync(new RelayDraft { Name = name, ServerName = "127.0.0.1", ServerPort = _sinkPort });
        Assert.True(relay.Succeeded, relay.Errors.ToString());
        return relay.Id!;
    }

    private async Task<int> EndpointAsync(params Rule[] rules)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var policy = await _app.Get<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "allow-" + suffix, DefaultAction = AcceptAction.Allow });
        var ruleSet = await _app.Get<RuleSetService>().CreateAsync(new RuleSetDraft { Name = "rs-" + suffix, Rules = [.. rules] });
        Assert.True(ruleSet.Succeeded, ruleSet.Errors.ToString());
        var port = FreePort.Next();
        var endpoint = await _app.Get<IngressPointService>().CreateAsync(new IngressPointDraft
        {
            Name = "gw-" + suffix, Type = IngressPointType.Open, TrafficPolicyId = policy.Id, RuleSetId = ruleSet.Id,
            BindAddress = "127.0.0.1", Ports = IngressPortDraft.Of(port),
        });
        await _app.WaitForStatusAsync(endpoint.Id!, IngressPointStatus.Active);
        return port;
    }

    private static async Task<string> SwaksAsync(int port, string from, string to, string subject = "Hello", string? body = null)
    {
        var args = new List<string> { "--server", "127.0.0.1", "--port", port.ToString(), "--from", from, "--to", to, "--header", $"Subject: {subject}", "--h-From", $"<{from}>" };
        if (body is not null)
        {
            args.AddRange(["--body", body]);
        }
        var result = await ExternalProcess.RunAsync("swaks", args, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.All);
        var queued = System.Text.RegularExpressions.Regex.Match(result.Output, @"<-\s+250 2\.0\.0 Ok: queued as (\S+)");
        Assert.True(queued.Success, result.All);
        return queued.Groups[1].Value;
    }

    private async Task<ReceivedMessage> WaitAsync(string messageId, Func<ReceivedMessage, bool> condition) =>
        await PollFor.ValueAsync(async () =>
        {
            await using var db = await _app.Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContextAsync();
            var message = await db.Messages.AsNoTracking().Include(m => m.Recipients).Include(m => m.Actions).SingleOrDefaultAsync(m => m.MessageId == messageId);
            return message is not null && condition(message) ? message : null;
        }, $"message {messageId} to reach the expected state", TimeSpan.FromSeconds(30));

    [Fact]
    public async Task The_seed_example_routes_only_gmail_senders_to_the_relay_with_the_added_header()
    {
        var relay = await RelayAsync();
        var port = await EndpointAsync(new Rule
        {
            Name = "gmail",
            Conditions = [FromContains("gmail.com")],
            Actions = [new RuleAction { AddHeader = new() { HeaderName = "X-Routed", HeaderValue = "gmail" } }, RuleAction.OfRelay(relay)],
        });

        var routed = await SwaksAsync(port, "friend@gmail.com", "jane@corp.test");
        var other = await SwaksAsync(port, "someone@yahoo.com", "jane@corp.test");

        await WaitAsync(routed, m => m.Status == MessageStatus.Delivered);
        var skipped = await WaitAsync(other, m => m.IsFinished);
        var (envelope, content) = Assert.Single(_sink.Received);
        Assert.Equal("friend@gmail.com", envelope.MailFrom);
        // The downstream adds its own Received line above; ours come right below it, before the message's own headers.
        Assert.Contains("\r\nX-Routed: gmail\r\nReceived: from", content);
        Assert.Equal((MessageStatus.Dropped, MessageProcessingStatus.NotDelivered), (skipped.Status, skipped.Recipients.Single().Detail));
        Assert.Equal([(0, "")], skipped.RuleMatches.Select(r => (r.RuleIndex, string.Join(",", r.Recipients))));
    }

    [Fact]
    public async Task A_rewrite_sends_to_the_new_recipients_and_the_log_keeps_the_envelope_recipient()
    {
        var relay = await RelayAsync();
        var port = await EndpointAsync(new Rule
        {
            Actions = [new RuleAction { ReplaceRecipient = new() { ReplaceWith = ["archive@corp.test", "audit@corp.test"] } }, RuleAction.OfRelay(relay)],
        });

        var id = await SwaksAsync(port, "a@example.org", "jane@corp.test");

        var message = await WaitAsync(id, m => m.Status == MessageStatus.Delivered);
        Assert.Equal(["archive@corp.test", "audit@corp.test"], Assert.Single(_sink.Received).Envelope.Recipients);
        Assert.Equal(("jane@corp.test", MessageStatus.Delivered), (message.Recipients.Single().Address, message.Recipients.Single().Status));
    }

    [Fact]
    public async Task A_downstream_550_fails_the_recipient_and_the_sender_gets_a_delivery_status_notification()
    {
        var relay = await RelayAsync();
        await RelayAsync("notices");
        var port = await EndpointAsync(new Rule { Actions = [RuleAction.OfRelay(relay)] });

        var id = await SwaksAsync(port, "sender@example.org", "unknown@corp.test", subject: "Will fail");

        var failed = await WaitAsync(id, m => m.Status == MessageStatus.Failed
            && m.Actions.Any(a => a.Type == RuleActionType.DeliveryStatusNotification && a.Status == MessageActionStatus.Succeeded));
        Assert.Contains("550 5.1.1", failed.Recipients.Single().Detail);
        var (envelope, content) = Assert.Single(_sink.Received);
        Assert.Equal("", envelope.MailFrom);
        Assert.Equal(["sender@example.org"], envelope.Recipients);
        var dsn = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(content)));
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        var recipient = status.StatusGroups[1];
        Assert.Equal(("rfc822; unknown@corp.test", "failed", "5.1.1"), (recipient["Final-Recipient"], recipient["Action"], recipient["Status"]));
        Assert.Contains("550", recipient["Diagnostic-Code"]);
        Assert.Equal("auto-replied", dsn.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task A_bounce_action_sends_its_notification_and_finishes_the_recipient()
    {
        var relay = await RelayAsync();
        var port = await EndpointAsync(new Rule
        {
            Actions =
            [
                new RuleAction { Bounce = new() { Sender = "postmaster@corp.test", StatusCode = "5.2.1", SmtpReplyCode = "550", DiagnosticMessage = "Mailbox disabled", Message = "This address no longer receives mail.", Relay = relay } },
                RuleAction.OfRelay(relay),
            ],
        });

        var id = await SwaksAsync(port, "sender@example.org", "left@corp.test");

        var message = await WaitAsync(id, m => m.IsFinished);
        Assert.Equal(MessageStatus.Dropped, message.Status);
        Assert.StartsWith("Bounced by rule 1", message.Recipients.Single().Detail);
        var (envelope, content) = Assert.Single(_sink.Received);
        Assert.Equal(("", "sender@example.org"), (envelope.MailFrom, envelope.Recipients.Single()));
        var dsn = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(content)));
        Assert.Equal("postmaster@corp.test", dsn.From.Mailboxes.Single().Address);
        Assert.Contains("This address no longer receives mail.", dsn.TextBody);
        var recipient = Assert.IsType<MessageDeliveryStatus>(Assert.IsType<MultipartReport>(dsn.Body)[1]).StatusGroups[1];
        Assert.Equal(("5.2.1", "smtp; 550 5.2.1 Mailbox disabled"), (recipient["Status"], recipient["Diagnostic-Code"]));
    }

    [Fact]
    public async Task Deliver_to_mailbox_puts_the_message_into_a_real_Dovecot_over_LMTP()
    {
        await using var dovecot = await DovecotServer.StartAsync();
        var port = await EndpointAsync(new Rule
        {
            Actions =
            [
                new RuleAction { AddHeader = new() { HeaderName = "X-Filed", HeaderValue = "by-rule" } },
                new RuleAction { DeliverToMailbox = new() { Server = $"{dovecot.Host}:{dovecot.Port}" } },
            ],
        });

        var id = await SwaksAsync(port, "sender@example.org", DovecotServer.Alice, subject: "Into the mailbox");

        await WaitAsync(id, m => m.Status == MessageStatus.Delivered);
        var stored = Encoding.UTF8.GetString(Assert.Single(await dovecot.WaitForMessagesAsync(DovecotServer.Alice, 1)));
        Assert.Contains("X-Filed: by-rule\r\n", stored);
        Assert.Contains("Subject: Into the mailbox", stored);
    }

    [Fact]
    public async Task Write_to_folder_leaves_the_message_and_its_sidecar()
    {
        var port = await EndpointAsync(new Rule { Name = "keep", Actions = [new RuleAction { WriteToS3 = new() { S3Bucket = "mail", S3Prefix = "inbound/2026" } }] });

        var id = await SwaksAsync(port, "sender@example.org", "jane@corp.test", subject: "Kept on disk");

        await WaitAsync(id, m => m.Status == MessageStatus.Delivered);
        var folder = Path.Combine(_folder.Path, "folders", "mail", "inbound", "2026");
        var eml = Assert.Single(Directory.GetFiles(folder, "*.eml"));
        Assert.Contains("Subject: Kept on disk", await File.ReadAllTextAsync(eml));
        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(eml, ".json")));
        Assert.Equal("sender@example.org", sidecar.RootElement.GetProperty("envelope").GetProperty("mailFrom").GetString());
        Assert.Equal("keep", sidecar.RootElement.GetProperty("rule").GetProperty("ruleName").GetString());
        Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
    }

    [Fact]
    public async Task A_webhook_gets_the_signed_payload_and_a_500_is_retried()
    {
        var requests = new List<(string Body, string? Timestamp, string? Signature)>();
        var webhookPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, webhookPort));
        await using var web = builder.Build();
        web.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (requests)
            {
                requests.Add((body, context.Request.Headers["X-MailManager-Timestamp"], context.Request.Headers["X-MailManager-Signature"]));
                // The first call fails as a busy server does; the retry succeeds.
                return requests.Count == 1 ? Results.StatusCode(500) : Results.Ok();
            }
        });
        await web.StartAsync();
        var secret = await _app.Get<SecretService>().CreateAsync(new SecretDraft
        {
            Name = "hook-key",
            Entries = [new SecretEntryDraft { Key = WebhookAction.SigningKeyName, Value = "s3cret-signing-key" }],
        });
        Assert.True(secret.Succeeded, secret.Errors.ToString());
        var port = await EndpointAsync(new Rule { Actions = [new RuleAction { Webhook = new() { Url = $"http://127.0.0.1:{webhookPort}/hook", SecretId = secret.Id } }] });

        var id = await SwaksAsync(port, "sender@example.org", "jane@corp.test", subject: "Notify me");

        var message = await WaitAsync(id, m => m.Status == MessageStatus.Delivered);
        Assert.Equal(2, message.Actions.Single().Attempts.Count);
        var (body, timestamp, signature) = requests[^1];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret-signing-key"), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        Assert.Equal($"sha256={expected}", signature);
        using var payload = JsonDocument.Parse(body);
        Assert.Equal("Received", payload.RootElement.GetProperty("notificationType").GetString());
        Assert.Equal("Notify me", payload.RootElement.GetProperty("mail").GetProperty("commonHeaders").GetProperty("subject").GetString());
        Assert.Contains("Subject: Notify me", payload.RootElement.GetProperty("content").GetString());
    }
}
