using MailManager.Core.Conditions;
using MailManager.Core.IngressPoints;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.IngressPoints;
using MailManager.Data.TrafficPolicies;

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
}
