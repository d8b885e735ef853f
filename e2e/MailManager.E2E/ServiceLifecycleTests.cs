using System.Text;
using MailManager.E2E.Infrastructure;

namespace MailManager.E2E;

/// <summary>
/// The published app as systemd runs it (the unit's environment, a foreign working directory, the data folder
/// elsewhere), stopped with SIGTERM in the middle of a transaction and started again on the same data folder.
/// </summary>
public sealed class ServiceLifecycleTests
{
    [Fact]
    public async Task Sigterm_mid_transaction_loses_nothing_and_the_message_is_relayed_after_the_restart()
    {
        await using ServiceScenario scenario = await ServiceScenario.CreateAsync();
        string subject = "sigterm-" + Guid.NewGuid().ToString("N");
        byte[] content = Encoding.ASCII.GetBytes($"Subject: {subject}\r\n\r\n" + string.Concat(Enumerable.Repeat("a line of the body that was half sent\r\n", 2000)));
        int half = content.Length / 2;
        SmtpTestReply reply;

        await using (PublishedApp app = await scenario.StartAppAsync())
        {
            await using RawSmtpClient idle = await RawSmtpClient.ConnectGreetedAsync(scenario.SmtpPort);
            await idle.EhloAsync("idle.test");
            await using RawSmtpClient busy = await RawSmtpClient.ConnectGreetedAsync(scenario.SmtpPort);
            await busy.EhloAsync("busy.test");
            Assert.Equal("250 2.1.0", (await busy.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
            Assert.Equal("250 2.1.5", (await busy.CommandAsync("RCPT TO:<someone@example.com>")).Status);
            Assert.Equal(354, (await busy.CommandAsync("DATA")).Code);
            await busy.SendBytesAsync(content.AsMemory(0, half));

            Task<int> exit = app.StopAsync(TimeSpan.FromSeconds(60));

            // The drain has begun: the idle session is told to come back later, and the listener refuses new ones.
            Assert.Equal("421 4.3.2", (await idle.ReadReplyAsync()).Status);
            await busy.SendBytesAsync(TestMessages.Wire(content).AsMemory(half));
            reply = await busy.ReadReplyAsync();
            Assert.True(reply.Code == 250 || reply.Code / 100 == 4, $"The message in DATA got '{reply}': it must be 250 or a temporary refusal.");
            Assert.True(await exit == 0, $"The app exited with {await exit}:\n{app.Output}");
        }

        // The downstream was down until now: a message accepted before the stop is stored, and relayed once after it.
        await scenario.StartDownstreamAsync();
        await using PublishedApp restarted = await scenario.StartAppAsync();
        if (reply.Code == 250)
        {
            await scenario.WaitUntilRelayedAsync(restarted, subject);
            Assert.Equal(1, scenario.Relayed(subject));
        }
    }
}
