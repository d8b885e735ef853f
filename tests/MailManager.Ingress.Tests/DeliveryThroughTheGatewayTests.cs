using MailManager.Core.RuleSets.Actions;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.IngressPoints;
using MailManager.Core.Messages;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.IngressPoints;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace MailManager.Ingress.Tests;

/// <summary>
/// Nothing is lost when the downstream is down or the app stops: accepted mail waits in the spool, is retried,
/// and is delivered once the downstream is up, also by the next run of the app.
/// </summary>
public sealed class DeliveryThroughTheGatewayTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["MailManager:Delivery:FirstRetryDelay"] = "00:00:00.200",
        ["MailManager:Delivery:MaxRetryDelay"] = "00:00:01",
        ["MailManager:Delivery:PollInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task Mail_accepted_while_the_downstream_is_down_is_delivered_after_a_restart_once_it_is_up()
    {
        var downstreamPort = FreePort.Next();
        string messageId;
        await using (var first = new GatewayApp(_folder.Path, FastRetries))
        {
            var endpoint = await CreateRelayingEndpointAsync(first, downstreamPort);
            messageId = await SendAsync(endpoint.Ports[0], "Waits for the downstream");

            var waiting = await WaitForMessageAsync(first, messageId, m => m.Status == MessageStatus.Retrying);
            var attempt = waiting.Actions.Single().Attempts.First();
            Assert.Equal(DeliveryOutcome.TemporaryFailure, attempt.Outcome);
            Assert.True(File.Exists(Path.Combine(_folder.Path, "spool", messageId + ".eml")));
        }

        await using var downstream = new DownstreamSink();
        await downstream.StartAsync(downstreamPort);
        await using var second = new GatewayApp(_folder.Path, FastRetries);
        _ = second.Services;

        var delivered = await WaitForMessageAsync(second, messageId, m => m.Status == MessageStatus.Delivered);
        var (envelope, content) = Assert.Single(downstream.Received);
        Assert.Equal("sender@example.org", envelope.MailFrom);
        Assert.Equal(["someone@example.com"], envelope.Recipients);
        Assert.Contains("Subject: Waits for the downstream", content);
        Assert.Equal(MessageStatus.Delivered, Assert.Single(delivered.Recipients).Status);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "spool", messageId + ".eml")), "The spool file goes once every recipient is finished.");
    }

    private static async Task<IngressPoint> CreateRelayingEndpointAsync(GatewayApp app, int downstreamPort)
    {
        var policy = await app.Get<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "allow", DefaultAction = AcceptAction.Allow });
        var relay = await app.Get<RelayService>().CreateAsync(new RelayDraft { Name = "downstream", ServerName = "127.0.0.1", ServerPort = downstreamPort });
        var ruleSet = await app.Get<RuleSetService>().CreateAsync(new RuleSetDraft { Name = "relay", Rules = [new Rule { Actions = [RuleAction.OfRelay(relay.Id!)] }] });
        var endpoint = await app.Get<IngressPointService>().CreateAsync(new IngressPointDraft
        {
            Name = "gateway", Type = IngressPointType.Open, TrafficPolicyId = policy.Id, RuleSetId = ruleSet.Id,
            BindAddress = "127.0.0.1", Ports = IngressPortDraft.Of(FreePort.Next()),
        });
        return await app.WaitForStatusAsync(endpoint.Id!, IngressPointStatus.Active);
    }

    private static async Task<string> SendAsync(int port, string subject)
    {
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = "body" } };
        message.From.Add(MailboxAddress.Parse("sender@example.org"));
        message.To.Add(MailboxAddress.Parse("someone@example.com"));
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(true);
        return reply[(reply.LastIndexOf(' ') + 1)..];
    }

    private static async Task<ReceivedMessage> WaitForMessageAsync(GatewayApp app, string messageId, Func<ReceivedMessage, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var db = await app.Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContextAsync())
            {
                var message = await db.Messages.AsNoTracking().Include(m => m.Recipients).Include(m => m.Actions)
                    .SingleOrDefaultAsync(m => m.MessageId == messageId);
                if (message is not null && condition(message))
                {
                    return message;
                }
                Assert.True(DateTime.UtcNow < deadline,
                    $"Message {messageId} is {message?.Status} after 30 seconds; attempts: "
                    + string.Join(" | ", message?.Actions.SelectMany(a => a.Attempts).Select(a => $"{a.Outcome}: {a.Reply}") ?? []));
            }
            await Task.Delay(100);
        }
    }
}
