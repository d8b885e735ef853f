using System.Text;

using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

public sealed class AuthTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static Task<SmtpTestServer> StartAuthenticatedAsync(Action<SmtpServerOptions>? configure = null, string endpointId = "inp-test0000000000000000000", string? password = null)
    {
        RecordingHandler handler = new();
        if (password is not null)
        {
            handler.Password = password;
        }

        return SmtpTestServer.StartAsync(configure, SmtpAuthMode.Authenticated, endpointId: endpointId, handler: handler);
    }

    [Fact]
    public async Task Auth_login_follows_the_ses_transcript()
    {
        // The exchange from the SES documentation: username "IngressPoint", password "IngressPassword".
        await using SmtpTestServer server = await StartAuthenticatedAsync(endpointId: "IngressPoint", password: "IngressPassword");
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("334 VXNlcm5hbWU6", (await client.CommandAsync("AUTH LOGIN")).Lines.Single());
        Assert.Equal("334 UGFzc3dvcmQ6", (await client.CommandAsync("SW5ncmVzc1BvaW50")).Lines.Single());
        Assert.Equal("235 2.7.0 Authentication successful", (await client.CommandAsync("SW5ncmVzc1Bhc3N3b3Jk")).Lines.Single());
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
    }

    [Fact]
    public async Task Ehlo_offers_auth_only_after_tls_and_no_longer_offers_starttls()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply before = await client.EhloAsync();
        Assert.DoesNotContain(before.Lines, l => l.Contains("AUTH", StringComparison.Ordinal));
        Assert.Contains(before.Lines, l => l.EndsWith("STARTTLS", StringComparison.Ordinal));

        await client.StartTlsAsync();
        SmtpTestReply after = await client.EhloAsync();
        Assert.Equal("250 AUTH LOGIN PLAIN", after.Lines[^1]);
        Assert.DoesNotContain(after.Lines, l => l.Contains("STARTTLS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plaintext_auth_is_offered_before_tls_only_when_allowed()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync(o => o.AllowPlaintextAuth = true);
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply ehlo = await client.EhloAsync();
        Assert.Contains("250 AUTH LOGIN PLAIN", ehlo.Lines);
        Assert.Equal("235 2.7.0", (await client.CommandAsync("AUTH PLAIN " + B64($"\0{server.EndpointId}\0{server.Handler.Password}"))).Status);
    }

    [Fact]
    public async Task Auth_before_tls_is_refused_with_encryption_required()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("538 5.7.11", (await client.CommandAsync("AUTH LOGIN")).Status);
        Assert.Empty(server.Handler.AuthAttempts);
    }

    [Fact]
    public async Task Open_endpoint_refuses_auth()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        SmtpTestReply ehlo = await client.EhloAsync();
        Assert.DoesNotContain(ehlo.Lines, l => l.Contains("AUTH", StringComparison.Ordinal));
        Assert.Equal("503 5.5.1", (await client.CommandAsync("AUTH PLAIN " + B64("\0u\0p"))).Status);
    }

    [Fact]
    public async Task Auth_login_with_initial_response()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("334 UGFzc3dvcmQ6", (await client.CommandAsync("AUTH LOGIN " + B64(server.EndpointId))).Lines.Single());
        Assert.Equal("235 2.7.0", (await client.CommandAsync(B64(server.Handler.Password))).Status);
    }

    [Fact]
    public async Task Auth_plain_with_initial_response()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("235 2.7.0", (await client.CommandAsync("AUTH PLAIN " + B64($"\0{server.EndpointId}\0{server.Handler.Password}"))).Status);
        Assert.Equal($"{server.EndpointId}:{server.Handler.Password}", server.Handler.AuthAttempts.Single());
    }

    [Fact]
    public async Task Auth_plain_without_initial_response_gets_an_empty_challenge()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("334 ", (await client.CommandAsync("AUTH PLAIN")).Lines.Single());
        Assert.Equal("235 2.7.0", (await client.CommandAsync(B64($"{server.EndpointId}\0{server.EndpointId}\0{server.Handler.Password}"))).Status);
    }

    [Fact]
    public async Task Auth_plain_for_another_identity_fails()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("535 5.7.8", (await client.CommandAsync("AUTH PLAIN " + B64($"someone-else\0{server.EndpointId}\0{server.Handler.Password}"))).Status);
    }

    [Theory]
    [InlineData("AUTH LOGIN")]
    [InlineData("AUTH PLAIN")]
    public async Task Star_cancels_the_exchange(string command)
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal(334, (await client.CommandAsync(command)).Code);
        Assert.Equal("501 5.7.0", (await client.CommandAsync("*")).Status);
        Assert.Equal("530 5.7.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
    }

    [Theory]
    [InlineData("AUTH PLAIN !!notbase64!!")]
    [InlineData("AUTH LOGIN %%%")]
    public async Task Bad_base64_is_a_syntax_error(string command)
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("501 5.5.2", (await client.CommandAsync(command)).Status);
    }

    [Fact]
    public async Task Bad_base64_in_the_challenge_answer_is_a_syntax_error()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal(334, (await client.CommandAsync("AUTH LOGIN")).Code);
        Assert.Equal("501 5.5.2", (await client.CommandAsync("not base64 at all")).Status);
    }

    [Fact]
    public async Task Unknown_mechanism_is_refused()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        Assert.Equal("504 5.5.4", (await client.CommandAsync("AUTH CRAM-MD5")).Status);
    }

    [Fact]
    public async Task Wrong_credentials_get_535_and_the_last_allowed_failure_gets_421_and_a_close()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);
        string wrong = "AUTH PLAIN " + B64($"\0{server.EndpointId}\0wrong");

        Assert.Equal("535 5.7.8 Authentication credentials invalid", (await client.CommandAsync(wrong)).Lines.Single());
        Assert.Equal("535 5.7.8", (await client.CommandAsync("AUTH PLAIN " + B64("\0inp-other\0" + server.Handler.Password))).Status);
        Assert.Equal("421 4.7.0", (await client.CommandAsync(wrong)).Status);
        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Auth_twice_is_out_of_sequence()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true, login: true);

        Assert.Equal("503 5.5.1", (await client.CommandAsync("AUTH PLAIN " + B64($"\0{server.EndpointId}\0{server.Handler.Password}"))).Status);
    }

    [Fact]
    public async Task Auth_requires_ehlo_first()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectAsync();
        await client.StartTlsAsync();

        Assert.Equal("503 5.5.1", (await client.CommandAsync("AUTH LOGIN")).Status);
    }

    [Fact]
    public async Task Mail_before_auth_on_an_authenticated_endpoint_is_refused()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true);

        SmtpTestReply reply = await client.CommandAsync("MAIL FROM:<a@example.com>");

        Assert.Equal("530 5.7.0 Authentication required", reply.Lines.Single());
    }

    [Fact]
    public async Task Authenticated_session_can_send_and_the_envelope_says_so()
    {
        await using SmtpTestServer server = await StartAuthenticatedAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync(tls: true, login: true);

        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<b@example.org>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("Subject: hi\r\n\r\nbody\r\n.")).Status);

        ReceivedMessage message = await server.Handler.NextMessageAsync();
        Assert.True(message.Envelope.IsAuthenticated);
        Assert.Equal(server.EndpointId, message.Envelope.AuthenticatedUser);
        Assert.NotEqual(System.Security.Authentication.SslProtocols.None, message.Envelope.TlsProtocol);
        Assert.Contains("with ESMTPSA", message.Text);
        Assert.Contains("; authenticated)", message.Text);
    }

    [Fact]
    public async Task Authenticated_endpoint_without_certificate_fails_to_start()
    {
        SmtpListenerManager manager = new(Microsoft.Extensions.Options.Options.Create(SmtpTestServer.DefaultOptions()));
        await using (manager)
        {
            SmtpListenerStartResult result = await manager.StartListenerAsync(
                new SmtpEndpoint { EndpointId = "inp-x", EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), AuthMode = SmtpAuthMode.Authenticated },
                new RecordingHandler());

            Assert.False(result.Succeeded);
            Assert.Equal(SmtpListenerFailureReason.CertificateRequired, result.FailureReason);
            Assert.Equal(SmtpListenerStatus.Failed, manager.GetStatus("inp-x"));
        }
    }
}
