using MailManager.Core.RuleSets.Actions;
using System.Security.Authentication;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Delivery.Tests.Infrastructure;

namespace MailManager.Delivery.Tests;

/// <summary>Relaying to MailManager's own SMTP engine: opportunistic STARTTLS and AUTH as a real MTA offers them.</summary>
public sealed class EngineInteropTests
{
    [Fact]
    public async Task Upgrades_to_TLS_with_a_self_signed_certificate_authenticates_and_relays_the_bytes_unchanged()
    {
        await using var downstream = await EngineDownstream.StartAsync("relay-user", "relay-pass");
        await using var host = await DeliveryTestHost.StartAsync();
        var secretId = await host.CreateSecretAsync("relay-user", "relay-pass");
        var relayId = await host.CreateRelayAsync(downstream.Port, secretId);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();
        var content = SampleMessage.Create();

        var messageId = await host.ReceiveAsync(content, "sender@example.com", ["a@example.org"], ruleSetId);

        var (envelope, received) = await downstream.NextAsync();
        Assert.NotEqual(SslProtocols.None, envelope.TlsProtocol);
        Assert.Equal("relay-user", envelope.AuthenticatedUser);
        Assert.Equal("sender@example.com", envelope.MailFrom);
        Assert.Equal(["a@example.org"], envelope.Recipients);
        // 8-bit body and raw UTF-8 headers are declared, not re-encoded.
        Assert.Equal(MailManager.Smtp.SmtpBodyType.EightBitMime, envelope.BodyType);
        Assert.True(envelope.SmtpUtf8);
        // The downstream adds its own Received: line on top; the rest is what we spooled.
        Assert.StartsWith("Received: ", System.Text.Encoding.ASCII.GetString(received, 0, 10));
        Assert.Equal(content, received[^content.Length..]);
        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Delivered);
        Assert.Equal("250 2.0.0 Ok: queued as DOWN1", Assert.Single(message.Recipients).Detail);
    }

    [Fact]
    public async Task Refused_credentials_are_retried_rather_than_failing_the_mail()
    {
        await using var downstream = await EngineDownstream.StartAsync("relay-user", "relay-pass");
        await using var host = await DeliveryTestHost.StartAsync();
        var secretId = await host.CreateSecretAsync("relay-user", "wrong");
        var relayId = await host.CreateRelayAsync(downstream.Port, secretId);
        var ruleSetId = await host.CreateRuleSetAsync([RuleAction.OfRelay(relayId)]);
        await host.StartProcessorAsync();

        var messageId = await host.ReceiveAsync(SampleMessage.Create(), "sender@example.com", ["a@example.org"], ruleSetId);

        var message = await host.WaitForStatusAsync(messageId, MessageStatus.Retrying);
        var attempt = Assert.Single(message.Actions).Attempts[0];
        Assert.Equal(DeliveryOutcome.TemporaryFailure, attempt.Outcome);
        Assert.StartsWith($"Authentication to 127.0.0.1:{downstream.Port} failed", attempt.Reply);
        Assert.DoesNotContain("wrong", attempt.Reply);
    }
}
