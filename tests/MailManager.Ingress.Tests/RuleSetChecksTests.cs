using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.RuleSets;

namespace MailManager.Ingress.Tests;

/// <summary>A rule set the gateway's transports would refuse is refused when saved, at the field, in the composed app.</summary>
public sealed class RuleSetChecksTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static RuleSetDraft Webhook(string url) =>
        new() { Name = "hooks", Rules = [new Rule { Actions = [new RuleAction { Webhook = new() { Url = url } }] }] };

    [Fact]
    public async Task A_plain_http_webhook_or_a_folder_path_the_writer_refuses_is_refused_when_saved()
    {
        const string field = "Rules[0].Actions[0].Webhook.Url";
        await using (var app = new GatewayApp(_folder.Path))
        {
            var refused = await app.Get<RuleSetService>().CreateAsync(Webhook("http://hooks.example.com/mail"));

            Assert.False(refused.Succeeded);
            Assert.Equal("The URL must use https (http only when MailManager:Actions:AllowInsecureWebhooks is true).", Assert.Single(refused.Errors.For(field)));
            Assert.True((await app.Get<RuleSetService>().CreateAsync(Webhook("https://hooks.example.com/mail"))).Succeeded);
        }

        var folder = await new GatewayApp(_folder.Path).Get<RuleSetService>().CreateAsync(new RuleSetDraft
        {
            Name = "folders",
            Rules = [new Rule { Actions = [new RuleAction { WriteToS3 = new() { S3Bucket = "mail", S3Prefix = "in//2026" } }] }],
        });
        Assert.False(folder.Succeeded);
        Assert.Single(folder.Errors.For("Rules[0].Actions[0].WriteToS3.S3Prefix"));

        await using var allowing = new GatewayApp(_folder.Path, new Dictionary<string, string?> { ["MailManager:Actions:AllowInsecureWebhooks"] = "true" });
        var saved = await allowing.Get<RuleSetService>().CreateAsync(new RuleSetDraft { Name = "local-hooks", Rules = Webhook("http://127.0.0.1:8080/mail").Rules });
        Assert.True(saved.Succeeded, saved.Errors.ToString());
    }
}
