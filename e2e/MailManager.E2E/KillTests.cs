using System.Text;
using MailManager.Core.Conditions;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.E2E.Infrastructure;

namespace MailManager.E2E;

/// <summary>
/// The published app killed with SIGKILL right after it answered 250: the rule set's actions (an added header and a
/// relay for gmail.com senders, a folder copy for everyone) are carried out by the next run, each once, none lost.
/// </summary>
public sealed class KillTests
{
    private static List<Rule> Rules(string relayId) =>
    [
        new Rule
        {
            Name = "gmail",
            Conditions = [new RuleCondition { StringExpression = new() { Evaluate = new() { Attribute = RuleStringEmailAttribute.From }, Operator = StringOperator.Contains, Values = ["gmail.com"] } }],
            Actions = [new RuleAction { AddHeader = new() { HeaderName = "X-Routed", HeaderValue = "gmail" } }, RuleAction.OfRelay(relayId)],
        },
        new Rule { Name = "keep", Actions = [new RuleAction { WriteToS3 = new() { S3Bucket = "kept" } }] },
    ];

    [Fact]
    public async Task Kill_9_between_acceptance_and_the_actions_loses_nothing()
    {
        await using var scenario = await ServiceScenario.CreateAsync(Rules);
        var run = Guid.NewGuid().ToString("N")[..8];
        string gmail = $"from-gmail-{run}", other = $"from-elsewhere-{run}";

        await using (var app = await scenario.StartAppAsync())
        {
            // The downstream is down: both messages wait in the spool for their actions when the process dies.
            Assert.Equal(250, (await SendAsync(scenario.SmtpPort, "friend@gmail.com", gmail)).Code);
            Assert.Equal(250, (await SendAsync(scenario.SmtpPort, "someone@example.net", other)).Code);
            await app.KillAsync();
        }

        await scenario.StartDownstreamAsync();
        await using var restarted = await scenario.StartAppAsync();
        await scenario.WaitUntilRelayedAsync(restarted, gmail);
        var kept = Path.Combine(scenario.Data.Path, "folders", "kept");
        await PollFor.ValueAsync(() => Task.FromResult(Directory.Exists(kept) && Directory.GetFiles(kept, "*.eml").Length == 2 ? kept : null),
            "both messages written to the folder", TimeSpan.FromSeconds(60));

        Assert.Contains("\r\nX-Routed: gmail\r\n", Assert.Single(scenario.Received(gmail)));
        Assert.Equal(0, scenario.Relayed(other));
        var files = Directory.GetFiles(kept, "*.eml").Select(File.ReadAllText).ToList();
        Assert.Single(files, f => f.Contains(gmail, StringComparison.Ordinal));
        Assert.Single(files, f => f.Contains(other, StringComparison.Ordinal));
    }

    private static async Task<SmtpTestReply> SendAsync(int port, string from, string subject)
    {
        await using var client = await RawSmtpClient.ConnectGreetedAsync(port);
        await client.EhloAsync();
        Assert.Equal("250 2.1.0", (await client.CommandAsync($"MAIL FROM:<{from}>")).Status);
        Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<someone@example.com>")).Status);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        await client.SendBytesAsync(TestMessages.Wire(Encoding.ASCII.GetBytes($"From: <{from}>\r\nSubject: {subject}\r\n\r\na test message\r\n")));
        return await client.ReadReplyAsync();
    }
}
