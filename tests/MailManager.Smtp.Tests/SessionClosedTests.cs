using System.Text;

using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

/// <summary>The host hears of every session once it is over, whatever way it ended, with what the session learnt.</summary>
public sealed class SessionClosedTests
{
    private sealed class Summaries
    {
        private readonly TaskCompletionSource<SmtpSessionSummary> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SmtpSessionPolicy Policy(SmtpSessionPolicy? policy = null) => new()
        {
            MaxMessageSizeBytes = policy?.MaxMessageSizeBytes,
            RejectConnection = policy?.RejectConnection,
            SessionClosed = summary => _first.TrySetResult(summary),
        };

        public Task<SmtpSessionSummary> FirstAsync() => Wait.WithTimeout(_first.Task);
    }

    [Fact]
    public async Task A_session_ended_by_quit_reports_its_helo_and_accepted_messages()
    {
        Summaries summaries = new();
        RecordingHandler handler = new() { Policy = _ => summaries.Policy() };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using (RawSmtpClient client = await server.ConnectReadyAsync())
        {
            await client.CommandAsync("MAIL FROM:<a@example.com>");
            await client.CommandAsync("RCPT TO:<b@example.org>");
            await client.CommandAsync("DATA");
            Assert.Equal("250 2.0.0", (await client.CommandAsync("Subject: hi\r\n\r\nbody\r\n.")).Status);
            await client.CommandAsync("QUIT");
        }

        SmtpSessionSummary summary = await summaries.FirstAsync();

        Assert.Equal(SmtpSessionEnd.Quit, summary.End);
        Assert.Equal(1, summary.MessagesAccepted);
        Assert.NotNull(summary.Session.HeloName);
        Assert.True(summary.EndedAt >= summary.Session.ConnectedAt);
        Assert.Empty(summary.RefusedMessages);
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_session_is_reported_as_disconnected()
    {
        Summaries summaries = new();
        RecordingHandler handler = new() { Policy = _ => summaries.Policy() };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        RawSmtpClient client = await server.ConnectReadyAsync();
        await client.CommandAsync("MAIL FROM:<a@example.com>");
        await client.DisposeAsync();

        SmtpSessionSummary summary = await summaries.FirstAsync();

        Assert.Equal(SmtpSessionEnd.ClientDisconnected, summary.End);
        Assert.Equal(0, summary.MessagesAccepted);
    }

    [Fact]
    public async Task A_connection_turned_away_is_reported_as_refused()
    {
        Summaries summaries = new();
        RecordingHandler handler = new() { Policy = _ => summaries.Policy(new SmtpSessionPolicy { RejectConnection = new SmtpReply(421, "4.3.2", "Closed") }) };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using RawSmtpClient client = await RawSmtpClient.ConnectAsync(server.Port);
        Assert.Equal("421 4.3.2", (await client.ReadReplyAsync()).Status);

        Assert.Equal(SmtpSessionEnd.ConnectionRefused, (await summaries.FirstAsync()).End);
    }

    [Fact]
    public async Task An_oversized_message_is_reported_with_the_limit_and_the_size_received()
    {
        Summaries summaries = new();
        RecordingHandler handler = new() { Policy = _ => summaries.Policy(new SmtpSessionPolicy { MaxMessageSizeBytes = 100 }) };
        await using SmtpTestServer server = await SmtpTestServer.StartAsync(handler: handler);
        await using (RawSmtpClient client = await server.ConnectReadyAsync())
        {
            await client.CommandAsync("MAIL FROM:<a@example.com>");
            await client.CommandAsync("RCPT TO:<b@example.org>");
            await client.CommandAsync("DATA");
            StringBuilder body = new();
            for (int i = 0; i < 10; i++)
            {
                body.Append("0123456789012345678901234567890123456789\r\n");
            }

            Assert.Equal("552 5.3.4", (await client.CommandAsync(body + ".")).Status);
            await client.CommandAsync("QUIT");
        }

        SmtpRefusedMessage refused = Assert.Single((await summaries.FirstAsync()).RefusedMessages);

        Assert.Equal(SmtpMessageRefusal.SizeExceeded, refused.Reason);
        Assert.Equal(100, refused.MaxSizeBytes);
        Assert.Equal(420, refused.ReceivedBytes);
        Assert.Equal(["b@example.org"], refused.Recipients);
        Assert.Equal("a@example.com", refused.MailFrom);
    }
}
