using MailManager.Core.RuleSets.Actions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.Conditions;
using MailManager.Core.IngressPoints;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.IngressPoints;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using MimeKit;

namespace MailManager.Ingress.Tests;

/// <summary>Policy statements decide per recipient at RCPT, over real sockets: DENY first, then ALLOW, then the default.</summary>
public sealed class PolicyStatementTests : GatewayTest
{
    private static PolicyStatement Statement(AcceptAction action, PolicyCondition condition) => new() { Action = action, Conditions = [condition] };

    private async Task<int> EndpointWithAsync(AcceptAction defaultAction, params PolicyStatement[] statements)
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, defaultAction);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        var policies = App.Get<TrafficPolicyService>();
        var policy = (await policies.GetAsync(endpoint.TrafficPolicyId))!;
        var saved = await policies.UpdateAsync(policy.TrafficPolicyId, new TrafficPolicyDraft { Name = policy.TrafficPolicyName, DefaultAction = defaultAction, PolicyStatements = [.. statements] });
        Assert.True(saved.Succeeded, saved.Errors.ToString());
        return endpoint.Ports[0];
    }

    [Fact]
    public async Task An_ends_with_allow_statement_over_a_deny_default_accepts_only_those_recipients()
    {
        int port = await EndpointWithAsync(AcceptAction.Deny,
            Statement(AcceptAction.Allow, new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com"] } }));
        await using var client = await RawSmtpClient.ConnectGreetedAsync(port);
        await client.EhloAsync();

        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<alice+news@example.com>")).Status);
        var refused = await client.CommandAsync("RCPT TO:<bob@example.org>");
        Assert.Equal("550 5.7.1", refused.Status);
        // The refusal reveals nothing of the policy.
        Assert.DoesNotContain("example.com", refused.LastText);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<carol@EXAMPLE.COM>")).Status);
    }

    [Fact]
    public async Task A_deny_statement_for_the_senders_range_wins_over_an_allow_that_also_matches()
    {
        int port = await EndpointWithAsync(AcceptAction.Allow,
            Statement(AcceptAction.Allow, new() { StringExpression = new() { Operator = StringOperator.Contains, Values = ["@"] } }),
            Statement(AcceptAction.Deny, new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["127.0.0.0/8"] } }));
        await using var client = await RawSmtpClient.ConnectGreetedAsync(port);
        await client.EhloAsync();

        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("550 5.7.1", (await client.CommandAsync("RCPT TO:<alice@example.com>")).Status);
    }

    [Fact]
    public async Task A_tls_13_minimum_refuses_a_plaintext_session_and_accepts_after_starttls()
    {
        int port = await EndpointWithAsync(AcceptAction.Deny,
            Statement(AcceptAction.Allow, new() { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_3 } }));
        await using var client = await RawSmtpClient.ConnectGreetedAsync(port);
        await client.EhloAsync();

        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("550 5.7.1", (await client.CommandAsync("RCPT TO:<alice@example.com>")).Status);

        await client.StartTlsAsync();
        await client.EhloAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<alice@example.com>")).Status);
    }

    [Fact]
    public async Task A_multi_recipient_mailkit_message_is_relayed_to_the_allowed_recipients_alone()
    {
        await using var downstream = new DownstreamSink();
        int downstreamPort = FreePort.Next();
        await downstream.StartAsync(downstreamPort);
        var relay = await App.Get<RelayService>().CreateAsync(new RelayDraft { Name = "downstream", ServerName = "127.0.0.1", ServerPort = downstreamPort });
        var ruleSet = await App.Get<RuleSetService>().CreateAsync(new RuleSetDraft { Name = "relay", Rules = [new Rule { Name = "relay", Actions = [RuleAction.OfRelay(relay.Id!)] }] });
        var policy = await App.Get<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft
        {
            Name = "only-example-com",
            DefaultAction = AcceptAction.Deny,
            PolicyStatements = [Statement(AcceptAction.Allow, new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com"] } })],
        });
        var created = await App.Get<IngressPointService>().CreateAsync(new IngressPointDraft
        {
            Name = "gateway", Type = IngressPointType.Open, TrafficPolicyId = policy.Id, RuleSetId = ruleSet.Id,
            BindAddress = "127.0.0.1", Ports = IngressPortDraft.Of(FreePort.Next()),
        });
        Assert.True(created.Succeeded, created.Errors.ToString());
        var endpoint = await App.WaitForStatusAsync(created.Id!, IngressPointStatus.Active);

        var message = new MimeMessage { Subject = "Partly allowed", Body = new TextPart("plain") { Text = "body" } };
        message.From.Add(MailboxAddress.Parse("sender@example.org"));
        message.To.AddRange([MailboxAddress.Parse("alice@example.com"), MailboxAddress.Parse("bob@example.org"), MailboxAddress.Parse("carol+list@example.com")]);
        message.Cc.Add(MailboxAddress.Parse("dave@elsewhere.example.net"));
        using var client = new TolerantSmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", endpoint.Ports[0], SecureSocketOptions.StartTls);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);

        Assert.Equal(["bob@example.org", "dave@elsewhere.example.net"], client.Refused.Order());
        await PollFor.ValueAsync(() => Task.FromResult(downstream.Received.IsEmpty ? null : downstream.Received), "the relay to deliver", TimeSpan.FromSeconds(30));
        var (envelope, content) = Assert.Single(downstream.Received);
        Assert.Equal(["alice@example.com", "carol+list@example.com"], envelope.Recipients.Order());
        // The headers are the sender's: refused recipients stay visible in To and Cc, only the envelope leaves them out.
        Assert.Contains("bob@example.org", content);
    }

    [Fact]
    public async Task A_changed_policy_applies_to_the_next_session_and_a_session_in_progress_keeps_its_own()
    {
        int port = await EndpointWithAsync(AcceptAction.Allow);
        var endpoint = (await App.Get<IngressPointService>().ListAsync()).Single(e => e.Ports.Contains(port));
        var policies = App.Get<TrafficPolicyService>();
        var policy = (await policies.GetAsync(endpoint.TrafficPolicyId))!;
        await using var before = await RawSmtpClient.ConnectGreetedAsync(port);
        await before.EhloAsync();

        var saved = await policies.UpdateAsync(policy.TrafficPolicyId, new TrafficPolicyDraft
        {
            Name = policy.TrafficPolicyName,
            DefaultAction = AcceptAction.Allow,
            PolicyStatements = [Statement(AcceptAction.Deny, new() { StringExpression = new() { Operator = StringOperator.Equals, Values = ["alice@example.com"] } })],
        });
        Assert.True(saved.Succeeded, saved.Errors.ToString());

        Assert.Equal("250 2.1.0", (await before.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("250 2.1.5", (await before.CommandAsync("RCPT TO:<alice@example.com>")).Status);
        await using var after = await RawSmtpClient.ConnectGreetedAsync(port);
        await after.EhloAsync();
        Assert.Equal("250 2.1.0", (await after.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
        Assert.Equal("550 5.7.1", (await after.CommandAsync("RCPT TO:<alice@example.com>")).Status);
        Assert.Equal("250 2.1.5", (await after.CommandAsync("RCPT TO:<bob@example.com>")).Status);
    }

    /// <summary>Sends to the recipients the server accepts, as mail clients do, and notes the refused ones.</summary>
    private sealed class TolerantSmtpClient : SmtpClient
    {
        public List<string> Refused { get; } = [];

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            Assert.Equal(SmtpStatusCode.MailboxUnavailable, response.StatusCode);
            Refused.Add(mailbox.Address);
        }
    }
}
