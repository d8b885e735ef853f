using System.Net;

using MailKit.Net.Smtp;
using MailKit.Security;

using MailManager.Smtp.Tests.Infrastructure;

using MimeKit;

namespace MailManager.Smtp.Tests;

/// <summary>Interoperability with a real, widely used client library.</summary>
public sealed class MailKitTests
{
    private static MimeMessage NewMessage(string subject = "Hello from MailKit")
    {
        MimeMessage message = new();
        message.From.Add(new MailboxAddress("Sender", "sender@example.com"));
        message.To.Add(new MailboxAddress("Rcpt", "rcpt@example.org"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Line one\n.leading dot line\nLine three" };
        return message;
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpTestServer server, SecureSocketOptions security)
    {
        SmtpClient client = new() { ServerCertificateValidationCallback = (_, _, _, _) => true, Timeout = 10_000 };
        await client.ConnectAsync("127.0.0.1", server.Port, security);
        return client;
    }

    [Fact]
    public async Task Sends_to_an_open_endpoint()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        using SmtpClient client = await ConnectAsync(server, SecureSocketOptions.None);

        string response = await client.SendAsync(NewMessage());
        await client.DisconnectAsync(quit: true);

        ReceivedMessage received = await server.Handler.NextMessageAsync();
        Assert.Equal($"2.0.0 Ok: queued as {received.QueueId}", response);
        Assert.Equal("sender@example.com", received.Envelope.MailFrom);
        Assert.Equal(["rcpt@example.org"], received.Envelope.Recipients);
        MimeMessage parsed = await MimeMessage.LoadAsync(new MemoryStream(received.Content));
        Assert.Equal("Hello from MailKit", parsed.Subject);
        Assert.Contains("\n.leading dot line", parsed.TextBody, StringComparison.Ordinal);
        Assert.Single(parsed.Headers, h => h.Id == HeaderId.Received);
    }

    [Fact]
    public async Task Sends_to_an_open_endpoint_over_starttls()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(tlsPolicy: SmtpTlsPolicy.Required);
        using SmtpClient client = await ConnectAsync(server, SecureSocketOptions.StartTls);

        await client.SendAsync(NewMessage());

        ReceivedMessage received = await server.Handler.NextMessageAsync();
        Assert.NotEqual(System.Security.Authentication.SslProtocols.None, received.Envelope.TlsProtocol);
        Assert.False(received.Envelope.IsAuthenticated);
    }

    [Theory]
    [InlineData("LOGIN")]
    [InlineData("PLAIN")]
    public async Task Authenticates_over_starttls_and_sends(string mechanism)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(authMode: SmtpAuthMode.Authenticated);
        using SmtpClient client = await ConnectAsync(server, SecureSocketOptions.StartTls);
        NetworkCredential credentials = new(server.EndpointId, server.Handler.Password);
        Assert.Contains(mechanism, client.AuthenticationMechanisms);

        await client.AuthenticateAsync(mechanism == "LOGIN" ? new SaslMechanismLogin(credentials) : new SaslMechanismPlain(credentials));
        await client.SendAsync(NewMessage());
        await client.DisconnectAsync(quit: true);

        ReceivedMessage received = await server.Handler.NextMessageAsync();
        Assert.Equal(server.EndpointId, received.Envelope.AuthenticatedUser);
        MimeMessage parsed = await MimeMessage.LoadAsync(new MemoryStream(received.Content));
        string? trace = parsed.Headers[HeaderId.Received];
        Assert.NotNull(trace);
        Assert.Contains("ESMTPSA", trace, StringComparison.Ordinal);
        Assert.Contains(received.Envelope.TlsCipherSuite!, trace, StringComparison.Ordinal);
        Assert.Contains("; authenticated", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_an_authentication_failure()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(authMode: SmtpAuthMode.Authenticated);
        using SmtpClient client = await ConnectAsync(server, SecureSocketOptions.StartTls);

        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new NetworkCredential(server.EndpointId, "wrong")));
        await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(() => client.SendAsync(NewMessage()));
        Assert.Empty(server.Handler.Committed);
    }

    [Fact]
    public async Task Plaintext_auth_is_not_offered_without_tls()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(authMode: SmtpAuthMode.Authenticated);
        using SmtpClient client = await ConnectAsync(server, SecureSocketOptions.None);

        Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        Assert.Empty(client.AuthenticationMechanisms);
        await Assert.ThrowsAsync<NotSupportedException>(() => client.AuthenticateAsync(new NetworkCredential(server.EndpointId, server.Handler.Password)));
        await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(() => client.SendAsync(NewMessage()));
    }

    [Fact]
    public async Task Commit_failure_surfaces_as_451_and_nothing_is_queued()
    {
        RecordingHandler handler = new() { FailCommit = true };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        using SmtpClient client = await ConnectAsync(server, SecureSocketOptions.None);

        SmtpCommandException failure = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(NewMessage()));

        Assert.Equal(451, (int)failure.StatusCode);
        Assert.Equal(SmtpErrorCode.MessageNotAccepted, failure.ErrorCode);
        Assert.Empty(handler.Committed);
        Assert.Equal(1, handler.Discards);
    }

    [Fact]
    public async Task Message_over_the_size_limit_is_refused_up_front()
    {
        RecordingHandler handler = new() { Policy = _ => new SmtpSessionPolicy { MaxMessageSizeBytes = 100 } };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        using SmtpClient client = await ConnectAsync(server, SecureSocketOptions.None);
        MimeMessage message = NewMessage();
        message.Body = new TextPart("plain") { Text = new string('x', 5000) };

        SmtpCommandException failure = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));

        Assert.Equal(552, (int)failure.StatusCode);
        Assert.Equal(100u, client.MaxSize);
    }
}
