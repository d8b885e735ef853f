using MailManager.Core.Conditions;
using MailManager.Core.IngressPoints;
using MailManager.Core.TrafficPolicies;
using MailManager.Core.VerdictLog;
using MailManager.Data;
using MailManager.Data.IngressPoints;
using MailManager.Data.TrafficPolicies;
using MailManager.Data.VerdictLog;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Ingress.Tests;

/// <summary>
/// Every SMTP session reaches the verdict log over real sockets, whatever its end: the recipients' verdicts with the
/// deciding statement and each condition's result, a client that vanishes, a connection turned away.
/// </summary>
public sealed class VerdictLogTests : GatewayTest
{
    private async Task<(string Id, int Port)> EndpointWithAsync(AcceptAction defaultAction, params PolicyStatement[] statements)
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, defaultAction);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        var policies = App.Get<TrafficPolicyService>();
        var policy = (await policies.GetAsync(endpoint.TrafficPolicyId))!;
        var saved = await policies.UpdateAsync(policy.TrafficPolicyId, new TrafficPolicyDraft { Name = policy.TrafficPolicyName, DefaultAction = defaultAction, PolicyStatements = [.. statements] });
        Assert.True(saved.Succeeded, saved.Errors.ToString());
        return (id, endpoint.Ports[0]);
    }

    private Task<SessionLogEntry> LoggedSessionAsync(string endpointId) => PollFor.ValueAsync(async () =>
    {
        var page = await App.Get<VerdictLogService>().SearchAsync(new SessionLogQuery { IngressPointId = endpointId });
        return page.Items.Count == 0 ? null : await App.Get<VerdictLogService>().GetAsync(page.Items[0].Id);
    }, "the session in the verdict log");

    [Fact]
    public async Task A_session_with_a_refused_and_an_accepted_recipient_is_logged_with_both_verdicts_and_their_reasons()
    {
        var (id, port) = await EndpointWithAsync(AcceptAction.Allow, new PolicyStatement
        {
            Action = AcceptAction.Deny,
            Conditions =
            [
                new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["127.0.0.0/8"] } },
                new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@blocked.example"] } },
            ],
        });
        await using (var client = await RawSmtpClient.ConnectGreetedAsync(port))
        {
            await client.EhloAsync("mta.sender.example");
            Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
            Assert.Equal("550 5.7.1", (await client.CommandAsync("RCPT TO:<bob@blocked.example>")).Status);
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<alice@example.com>")).Status);
            Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
            Assert.Equal("250 2.0.0", (await client.CommandAsync("Subject: hello\r\n\r\nHello.\r\n.")).Status);
            await client.CommandAsync("QUIT");
        }

        var session = await LoggedSessionAsync(id);

        Assert.Equal("127.0.0.1", session.SourceIp);
        Assert.Equal("mta.sender.example", session.HeloName);
        Assert.Null(session.TlsProtocol);
        Assert.Equal(SessionEndReason.Quit, session.EndReason);
        Assert.Equal(1, session.MessagesAccepted);
        Assert.True(session.HasRefusals);
        Assert.Collection(session.Recipients,
            bob =>
            {
                Assert.Equal("bob@blocked.example", bob.Address);
                Assert.Equal("sender@example.org", bob.MailFrom);
                Assert.Equal(TrafficPolicyVerdictValue.Reject, bob.Verdict);
                Assert.Equal("Policy statement 1 (Deny)", VerdictText.Decision(bob));
                Assert.Equal(
                    ["Sender IP range CIDR matches 127.0.0.0/8: true", "Recipient address Ends with @blocked.example: true"],
                    bob.Evaluation.Single().Conditions.Select(VerdictText.Condition));
            },
            alice =>
            {
                Assert.Equal(TrafficPolicyVerdictValue.Accept, alice.Verdict);
                Assert.Equal("Default action (Allow)", VerdictText.Decision(alice));
                Assert.False(alice.Evaluation.Single().PolicyStatementMatched);
                Assert.Equal([true, false], alice.Evaluation.Single().Conditions.Select(c => c.ExpressionResult));
            });
    }

    [Fact]
    public async Task Tls_after_starttls_and_authentication_are_logged_with_the_verdicts_reached_on_them()
    {
        const string password = "Verdict-Passw0rd!";
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Auth, SmtpPassword = password }, AcceptAction.Deny);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        var policies = App.Get<TrafficPolicyService>();
        var policy = (await policies.GetAsync(endpoint.TrafficPolicyId))!;
        var saved = await policies.UpdateAsync(policy.TrafficPolicyId, new TrafficPolicyDraft
        {
            Name = policy.TrafficPolicyName,
            DefaultAction = AcceptAction.Deny,
            PolicyStatements = [new() { Action = AcceptAction.Allow, Conditions = [new() { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_3 } }] }],
        });
        Assert.True(saved.Succeeded, saved.Errors.ToString());
        static string Login(string user, string secret) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{user}\0{secret}"));
        await using (var client = await RawSmtpClient.ConnectGreetedAsync(endpoint.Ports[0]))
        {
            await client.EhloAsync();
            await client.StartTlsAsync();
            await client.EhloAsync();
            Assert.Equal("535 5.7.8", (await client.CommandAsync($"AUTH PLAIN {Login(id, "wrong")}")).Status);
            Assert.Equal("235 2.7.0", (await client.CommandAsync($"AUTH PLAIN {Login(id, password)}")).Status);
            Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<alice@example.com>")).Status);
            await client.CommandAsync("QUIT");
        }

        var session = await LoggedSessionAsync(id);

        Assert.Equal("TLSv1.3", session.TlsProtocol);
        Assert.False(string.IsNullOrEmpty(session.TlsCipherSuite));
        Assert.Equal($"Succeeded as {id} after 1 failed attempt", VerdictText.Authentication(session));
        var alice = Assert.Single(session.Recipients);
        Assert.Equal("Policy statement 1 (Allow)", VerdictText.Decision(alice));
        Assert.Equal("TLS protocol version Minimum version TLS 1.3: true", VerdictText.Condition(alice.Evaluation.Single().Conditions.Single()));
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_session_is_still_logged()
    {
        var (id, port) = await EndpointWithAsync(AcceptAction.Deny);
        var client = await RawSmtpClient.ConnectGreetedAsync(port);
        await client.EhloAsync();
        await client.CommandAsync("MAIL FROM:<sender@example.org>");
        Assert.Equal("550 5.7.1", (await client.CommandAsync("RCPT TO:<someone@example.com>")).Status);
        client.Vanish();
        await client.DisposeAsync();

        var session = await LoggedSessionAsync(id);

        Assert.Equal(SessionEndReason.ClientDisconnected, session.EndReason);
        var recipient = Assert.Single(session.Recipients);
        Assert.Equal("Default action (Deny)", VerdictText.Decision(recipient));
    }

    [Fact]
    public async Task A_connection_turned_away_by_a_closed_endpoint_is_logged()
    {
        var (id, port) = await EndpointWithAsync(AcceptAction.Allow);
        // Closed in the database without the supervisor's event: the listener stays up, as it does in the moment
        // between an administrator closing the endpoint and the listener stopping.
        await using (var db = await App.Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContextAsync())
        {
            var endpoint = await db.IngressPoints.SingleAsync(p => p.IngressPointId == id);
            endpoint.DesiredStatus = IngressPointStatusToUpdate.Closed;
            await db.SaveChangesAsync();
        }
        await using (var client = await RawSmtpClient.ConnectAsync(port))
        {
            Assert.Equal("421 4.3.2", (await client.ReadReplyAsync()).Status);
        }

        var session = await LoggedSessionAsync(id);

        Assert.Equal("Ingress endpoint is closed", session.ConnectionRefusedReason);
        Assert.Equal(SessionEndReason.ConnectionRefused, session.EndReason);
        Assert.True(session.HasRefusals);
        Assert.Empty(session.Recipients);
    }

    [Fact]
    public async Task A_message_over_the_policys_size_is_logged_with_scope_data_and_both_sizes()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, AcceptAction.Allow, maxSize: 200);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        await using (var client = await RawSmtpClient.ConnectGreetedAsync(endpoint.Ports[0]))
        {
            await client.EhloAsync();
            await client.CommandAsync("MAIL FROM:<sender@example.org>");
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<alice@example.com>")).Status);
            await client.CommandAsync("DATA");
            Assert.Equal("552 5.3.4", (await client.CommandAsync(new string('x', 300) + "\r\n.")).Status);
            await client.CommandAsync("QUIT");
        }

        var session = await LoggedSessionAsync(id);

        Assert.Equal([TrafficPolicyVerdictValue.Accept, TrafficPolicyVerdictValue.Reject], session.Recipients.Select(r => r.Verdict));
        var refused = session.Recipients[1];
        Assert.Equal(VerdictScope.Data, refused.Scope);
        Assert.Equal(200, refused.AllowedMessageSize);
        Assert.Equal(302, refused.ReceivedMessageSize);
        Assert.Equal("Message size 302 bytes over the maximum of 200 bytes (Deny)", VerdictText.Decision(refused));
    }
}
