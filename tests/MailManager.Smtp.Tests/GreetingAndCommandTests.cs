using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

public sealed class GreetingAndCommandTests
{
    [Fact]
    public async Task Greeting_names_the_server()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await RawSmtpClient.ConnectAsync(server.Port);

        SmtpTestReply greeting = await client.ReadReplyAsync();

        Assert.Equal("220 mx.test.example ESMTP", greeting.Lines.Single());
    }

    [Fact]
    public async Task Ehlo_on_an_open_endpoint_advertises_extensions_and_starttls_but_no_auth()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(o => o.DefaultMaxMessageSizeBytes = 12345);
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply ehlo = await client.EhloAsync();

        Assert.Equal("250-mx.test.example", ehlo.Lines[0]);
        string[] keywords = [.. ehlo.Lines.Skip(1).Select(l => l[4..])];
        Assert.Equal(["PIPELINING", "SIZE 12345", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "STARTTLS"], keywords);
        Assert.StartsWith("250 ", ehlo.Lines[^1]);
    }

    [Fact]
    public async Task Ehlo_advertises_the_session_policy_size()
    {
        RecordingHandler handler = new() { Policy = _ => new SmtpSessionPolicy { MaxMessageSizeBytes = 777 } };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply ehlo = await client.EhloAsync();

        Assert.Contains("250-SIZE 777", ehlo.Lines);
    }

    [Fact]
    public async Task Without_certificate_starttls_is_neither_offered_nor_accepted()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(withCertificate: false);
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply ehlo = await client.EhloAsync();
        Assert.DoesNotContain(ehlo.Lines, l => l.Contains("STARTTLS", StringComparison.Ordinal));
        Assert.Equal("454 4.7.0", (await client.CommandAsync("STARTTLS")).Status);
    }

    [Fact]
    public async Task Helo_gets_a_single_line_reply()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        SmtpTestReply helo = await client.CommandAsync("HELO client.example");

        Assert.Equal("250 mx.test.example", helo.Lines.Single());
    }

    [Theory]
    [InlineData("EHLO")]
    [InlineData("HELO")]
    public async Task Hello_without_a_name_is_a_syntax_error(string verb)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        Assert.Equal("501 5.5.4", (await client.CommandAsync(verb)).Status);
    }

    [Theory]
    [InlineData("RSET", "250 2.0.0")]
    [InlineData("NOOP", "250 2.0.0")]
    [InlineData("noop", "250 2.0.0")]
    [InlineData("VRFY postmaster", "252 2.5.0")]
    [InlineData("HELP", "214 2.0.0")]
    [InlineData("EXPN list", "502 5.5.1")]
    [InlineData("FOO bar", "500 5.5.1")]
    [InlineData("BDAT 10 LAST", "500 5.5.1")]
    [InlineData("", "500 5.5.1")]
    public async Task Simple_commands_get_their_replies(string command, string expected)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        Assert.Equal(expected, (await client.CommandAsync(command)).Status);
    }

    [Fact]
    public async Task Quit_says_goodbye_and_closes()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        Assert.Equal("221 2.0.0", (await client.CommandAsync("QUIT")).Status);
        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Overlong_command_line_is_refused_and_the_session_goes_on()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        Assert.Equal("500 5.5.6", (await client.CommandAsync("NOOP " + new string('x', 5000))).Status);
        Assert.Equal("500 5.5.6", (await client.CommandAsync("NOOP " + new string('x', 995))).Status);
        Assert.Equal("250 2.0.0", (await client.CommandAsync("NOOP " + new string('x', 993))).Status);
    }

    [Fact]
    public async Task Commands_ending_in_a_bare_LF_are_understood()
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await using RawSmtpClient client = await server.ConnectAsync();

        await client.SendAsync("NOOP\n");

        Assert.Equal("250 2.0.0", (await client.ReadReplyAsync()).Status);
    }

    [Fact]
    public async Task Policy_can_turn_a_client_away_at_connect()
    {
        RecordingHandler handler = new() { Policy = _ => new SmtpSessionPolicy { RejectConnection = new SmtpReply(554, "5.7.1", "Client address denied") } };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await RawSmtpClient.ConnectAsync(server.Port);

        SmtpTestReply reply = await client.ReadReplyAsync();

        Assert.Equal("554 5.7.1 Client address denied", reply.Lines.Single());
        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Failing_session_policy_gives_421_at_connect()
    {
        RecordingHandler handler = new() { FailOpenSession = true };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await RawSmtpClient.ConnectAsync(server.Port);

        Assert.Equal("421 4.3.0", (await client.ReadReplyAsync()).Status);
        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }
}
