using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.IngressPoints;
using MailManager.Core.Messages;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.IngressPoints;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace MailManager.Ingress.Tests;

/// <summary>Ingress endpoints as a sender sees them: real listeners, MailKit as the client, the real database.</summary>
public sealed class IngressEndpointTests : GatewayTest
{
    private const string Password = "Sm7p-Passw0rd!";

    private static MimeMessage Message(string to = "someone@example.com", string body = "Hello from the test.")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@example.org"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "Ingress test";
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    private static SmtpClient Client() => new() { ServerCertificateValidationCallback = (_, _, _, _) => true, Timeout = 15_000 };

    private async Task<ReceivedMessage> StoredMessageAsync(string queueId)
    {
        await using var db = App.Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContext();
        return await db.Messages.Include(m => m.Recipients).SingleAsync(m => m.MessageId == queueId);
    }

    [Fact]
    public async Task An_open_endpoint_goes_active_and_stores_the_message_durably_before_250()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, keepInSpool: true);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        using var client = Client();
        await client.ConnectAsync("127.0.0.1", endpoint.Ports[0], SecureSocketOptions.StartTls);
        var reply = await client.SendAsync(Message());
        await client.DisconnectAsync(true);

        var queueId = QueueId(reply);
        var stored = await StoredMessageAsync(queueId);
        Assert.Equal(id, stored.IngressPointId);
        Assert.Equal("sender@example.org", stored.MailFrom);
        Assert.Equal(["someone@example.com"], stored.Recipients.Select(r => r.Address));
        Assert.Equal("127.0.0.1", stored.SourceIp);
        Assert.Equal("TLSv1.3", stored.TlsProtocol);
        Assert.Null(stored.AuthenticatedUser);
        var file = Path.Combine(Folder.Path, "spool", queueId + ".eml");
        var bytes = await File.ReadAllTextAsync(file);
        Assert.StartsWith("Received: ", bytes);
        Assert.Contains("Hello from the test.", bytes);
        Assert.Equal(new FileInfo(file).Length, stored.SizeBytes);
    }

    [Fact]
    public async Task The_rule_set_plans_the_message_in_the_commit_that_precedes_250()
    {
        // The test endpoint's rule set drops everything: by the time the client has its 250 the message is
        // finished, its headers are in the log and its bytes are gone from the spool.
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open });
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        var queueId = await SendAsync(endpoint.Ports[0]);

        var stored = await StoredMessageAsync(queueId);
        Assert.Equal(MessageStatus.Dropped, stored.Status);
        Assert.Equal(MessageStatus.Dropped, Assert.Single(stored.Recipients).Status);
        Assert.Equal("Ingress test", stored.Subject);
        Assert.StartsWith("Received: ", stored.Headers);
        Assert.Contains("Subject: Ingress test", stored.Headers);
        Assert.DoesNotContain("Hello from the test.", stored.Headers);
        await using var db = App.Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContext();
        var drop = await db.MessageActions.SingleAsync(a => a.MessageId == queueId);
        Assert.Equal(MessageActionStatus.Succeeded, drop.Status);
        Assert.False(File.Exists(Path.Combine(Folder.Path, "spool", queueId + ".eml")));
    }

    [Fact]
    public async Task An_authenticated_endpoint_accepts_its_id_and_password_over_starttls_with_login_and_plain()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Auth, AuthKind = IngressAuthKind.SmtpPassword, SmtpPassword = Password });
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        foreach (var mechanism in new[] { "LOGIN", "PLAIN" })
        {
            using var client = Client();
            await client.ConnectAsync("127.0.0.1", endpoint.Ports[0], SecureSocketOptions.StartTls);
            Assert.Contains(mechanism, client.AuthenticationMechanisms);
            client.AuthenticationMechanisms.RemoveWhere(m => m != mechanism);
            await client.AuthenticateAsync(id, Password);
            var reply = await client.SendAsync(Message());
            await client.DisconnectAsync(true);

            var stored = await StoredMessageAsync(QueueId(reply));
            Assert.Equal(id, stored.AuthenticatedUser);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_535()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Auth, SmtpPassword = Password });
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        using var client = Client();
        await client.ConnectAsync("127.0.0.1", endpoint.Ports[0], SecureSocketOptions.StartTls);
        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(id, "Wrong-Passw0rd"));

        Assert.Contains("535", error.Message + (error.InnerException?.Message ?? ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plaintext_auth_is_not_offered_before_starttls()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Auth, SmtpPassword = Password });
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        using var client = Client();
        await client.ConnectAsync("127.0.0.1", endpoint.Ports[0], SecureSocketOptions.None);

        Assert.Empty(client.AuthenticationMechanisms);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
        var error = await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => client.SendAsync(Message()));
        Assert.Contains("5.7.0", error.Message);
    }

    [Fact]
    public async Task A_deny_default_action_refuses_recipients_with_550_5_7_1()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, AcceptAction.Deny);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        using var client = Client();
        await client.ConnectAsync("127.0.0.1", endpoint.Ports[0], SecureSocketOptions.StartTls);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message()));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        Assert.Equal((SmtpStatusCode)550, error.StatusCode);
        Assert.Contains("traffic policy", error.Message);
    }

    [Fact]
    public async Task The_traffic_policy_size_limit_refuses_larger_messages_with_552()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, maxSize: 2_000);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        using var client = Client();
        await client.ConnectAsync("127.0.0.1", endpoint.Ports[0], SecureSocketOptions.StartTls);
        Assert.Equal(2_000u, client.MaxSize);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message(body: new string('x', 5_000))));

        Assert.Equal((SmtpStatusCode)552, error.StatusCode);
        await using var db = App.Get<IDbContextFactory<MailManagerDbContext>>().CreateDbContext();
        Assert.Empty(await db.Messages.ToListAsync());
    }

    [Fact]
    public async Task A_port_taken_by_another_program_makes_the_endpoint_failed_with_the_reason()
    {
        using var squatter = new TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;

        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open, Ports = IngressPortDraft.Of(port) });
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Failed);

        Assert.Contains($"Port {port}", endpoint.StatusReason);
        Assert.Contains("already in use", endpoint.StatusReason);
    }

    [Fact]
    public async Task Closing_refuses_connections_and_deleting_removes_the_endpoint()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open });
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        var service = App.Get<IngressPointService>();

        await service.UpdateGeneralAsync(id, IngressPointStatusToUpdate.Closed, TlsPolicy.Optional);
        await App.WaitForStatusAsync(id, IngressPointStatus.Closed);
        using (var probe = new TcpClient())
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync("127.0.0.1", endpoint.Ports[0]));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        await service.UpdateGeneralAsync(id, IngressPointStatusToUpdate.Active, TlsPolicy.Optional);
        await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        await service.DeleteAsync(id);
        await WaitUntilAsync(async () => await service.GetAsync(id) is null);
        using var afterDelete = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => afterDelete.ConnectAsync("127.0.0.1", endpoint.Ports[0]));
    }

    [Fact]
    public async Task Changing_the_traffic_policy_applies_to_the_next_session_without_restart()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, AcceptAction.Deny);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        await AssertRefusedAsync(endpoint.Ports[0]);
        var allow = await App.Get<Data.TrafficPolicies.TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "allow-all", DefaultAction = AcceptAction.Allow });

        await App.Get<IngressPointService>().UpdateTrafficPolicyAsync(id, allow.Id);

        Assert.Matches("^msg-", await SendAsync(endpoint.Ports[0]));
    }

    [Fact]
    public async Task Editing_the_policy_itself_applies_to_the_next_session()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open }, AcceptAction.Allow);
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        Assert.Matches("^msg-", await SendAsync(endpoint.Ports[0]));
        var policies = App.Get<Data.TrafficPolicies.TrafficPolicyService>();
        var policy = (await policies.GetAsync(endpoint.TrafficPolicyId))!;

        await policies.UpdateAsync(policy.TrafficPolicyId, new TrafficPolicyDraft { Name = policy.TrafficPolicyName, DefaultAction = AcceptAction.Deny });

        await AssertRefusedAsync(endpoint.Ports[0]);
    }

    private static async Task<string> SendAsync(int port)
    {
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
        return QueueId(await client.SendAsync(Message()));
    }

    private static async Task AssertRefusedAsync(int port)
    {
        using var client = Client();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message()));
        Assert.Equal((SmtpStatusCode)550, error.StatusCode);
    }

    /// <summary>The queue ID of "250 2.0.0 Ok: queued as &lt;id&gt;" (MailKit keeps the enhanced code in the text).</summary>
    private static string QueueId(string reply) =>
        System.Text.RegularExpressions.Regex.Match(reply, @"^2\.0\.0 Ok: queued as (msg-[a-z0-9]{26})$") is { Success: true } m
            ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"Not a queued reply: {reply}");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 15 seconds.");
            await Task.Delay(50);
        }
    }
}
