using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

public sealed class MailAndRecipientTests
{
    [Fact]
    public async Task Mail_before_ehlo_is_out_of_sequence()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        Assert.Equal("503 5.5.1", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
    }

    [Theory]
    [InlineData("MAIL FROM:<a@example.com>", "250 2.1.0")]
    [InlineData("MAIL FROM: <a@example.com>", "250 2.1.0")]
    [InlineData("mail from:<a@example.com>", "250 2.1.0")]
    [InlineData("MAIL FROM:<>", "250 2.1.0")]
    [InlineData("MAIL FROM:<@relay.example:a@example.com>", "250 2.1.0")]
    [InlineData("MAIL FROM:<\"john doe\"@example.com>", "250 2.1.0")]
    [InlineData("MAIL FROM:<a@[192.0.2.1]>", "250 2.1.0")]
    [InlineData("MAIL FROM:<a@example.com> SIZE=1000 BODY=8BITMIME", "250 2.1.0")]
    [InlineData("MAIL FROM:<a@example.com> BODY=7BIT AUTH=<>", "250 2.1.0")]
    [InlineData("MAIL FROM:a@example.com", "501 5.1.7")]
    [InlineData("MAIL FROM:<a@example.com", "501 5.1.7")]
    [InlineData("MAIL FROM:<no-at-sign>", "501 5.1.7")]
    [InlineData("MAIL FROM:<a@exa mple.com>", "501 5.1.7")]
    [InlineData("MAIL FROM:<a@-bad-.com>", "501 5.1.7")]
    [InlineData("MAIL TO:<a@example.com>", "501 5.1.7")]
    [InlineData("MAIL FROM:<a@example.com>SIZE=1", "501 5.1.7")]
    [InlineData("MAIL FROM:<a@example.com> SIZE=abc", "501 5.5.4")]
    [InlineData("MAIL FROM:<a@example.com> BODY=BINARYMIME", "501 5.5.4")]
    [InlineData("MAIL FROM:<a@example.com> SMTPUTF8=yes", "501 5.5.4")]
    [InlineData("MAIL FROM:<a@example.com> RET=FULL", "555 5.5.4")]
    [InlineData("MAIL FROM:<jörg@example.com>", "553 5.6.7")]
    [InlineData("MAIL FROM:<jörg@bücher.example> SMTPUTF8", "250 2.1.0")]
    public async Task Mail_from_syntax_and_parameters(string command, string expected)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal(expected, (await client.CommandAsync(command)).Status);
    }

    [Fact]
    public async Task Declared_size_over_the_limit_is_refused()
    {
        RecordingHandler handler = new() { Policy = _ => new SmtpSessionPolicy { MaxMessageSizeBytes = 1000 } };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("552 5.3.4", (await client.CommandAsync("MAIL FROM:<a@example.com> SIZE=1001")).Status);
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com> SIZE=1000")).Status);
    }

    [Fact]
    public async Task Nested_mail_is_out_of_sequence_until_rset()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
        Assert.Equal("503 5.5.1", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("RSET")).Status);
        Assert.Equal("503 5.5.1", (await client.CommandAsync("RCPT TO:<b@example.com>")).Status);
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
    }

    [Fact]
    public async Task Ehlo_resets_the_transaction()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
        await client.EhloAsync();
        Assert.Equal("503 5.5.1", (await client.CommandAsync("RCPT TO:<b@example.com>")).Status);
    }

    [Fact]
    public async Task Tls_required_endpoint_refuses_mail_before_starttls()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(tlsPolicy: SmtpTlsPolicy.Required);
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("530 5.7.0 Must issue a STARTTLS command first", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Lines.Single());
        await client.StartTlsAsync();
        await client.EhloAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);
    }

    [Fact]
    public async Task Rcpt_before_mail_is_out_of_sequence()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();

        Assert.Equal("503 5.5.1", (await client.CommandAsync("RCPT TO:<b@example.com>")).Status);
    }

    [Theory]
    [InlineData("RCPT TO:<b@example.com>", "250 2.1.5")]
    [InlineData("RCPT TO:<Postmaster>", "250 2.1.5")]
    [InlineData("RCPT TO:<>", "501 5.1.3")]
    [InlineData("RCPT TO:b@example.com", "501 5.1.3")]
    [InlineData("RCPT FROM:<b@example.com>", "501 5.1.3")]
    [InlineData("RCPT TO:<b@@example.com>", "501 5.1.3")]
    [InlineData("RCPT TO:<b@example.com> NOTIFY=NEVER", "555 5.5.4")]
    [InlineData("RCPT TO:<björn@example.com>", "553 5.6.7")]
    public async Task Rcpt_to_syntax(string command, string expected)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<a@example.com>")).Status);

        Assert.Equal(expected, (await client.CommandAsync(command)).Status);
    }

    [Fact]
    public async Task Recipient_check_of_the_policy_decides()
    {
        RecordingHandler handler = new()
        {
            Policy = _ => new SmtpSessionPolicy
            {
                CheckRecipient = (session, from, to, _) => ValueTask.FromResult<SmtpReply?>(
                    to.EndsWith("@blocked.example", StringComparison.Ordinal)
                        ? new SmtpReply(550, "5.7.1", $"Recipient rejected by traffic policy (from {from}, helo {session.HeloName})")
                        : to.StartsWith("boom", StringComparison.Ordinal) ? throw new InvalidOperationException("policy store down") : null),
            },
        };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        await client.CommandAsync("MAIL FROM:<a@example.com>");

        Assert.Equal("550 5.7.1 Recipient rejected by traffic policy (from a@example.com, helo client.example)", (await client.CommandAsync("RCPT TO:<x@blocked.example>")).Lines.Single());
        Assert.Equal("451 4.3.0", (await client.CommandAsync("RCPT TO:<boom@example.com>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<x@fine.example>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("Subject: x\r\n\r\n.")).Status);
        Assert.Equal(["x@fine.example"], (await handler.NextMessageAsync()).Envelope.Recipients);
    }

    [Fact]
    public async Task Too_many_recipients_get_452()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o => o.MaxRecipients = 2);
        await using RawSmtpClient client = await server.ConnectReadyAsync();
        await client.CommandAsync("MAIL FROM:<a@example.com>");

        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<r1@example.com>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<r2@example.com>")).Status);
        Assert.Equal("452 4.5.3 Too many recipients", (await client.CommandAsync("RCPT TO:<r3@example.com>")).Lines.Single());
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("Subject: x\r\n\r\n.")).Status);
        Assert.Equal(["r1@example.com", "r2@example.com"], (await server.Handler.NextMessageAsync()).Envelope.Recipients);
    }
}
