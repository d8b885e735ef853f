using MailManager.Data;
using MailManager.Delivery.Actions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Tests.Actions;

public sealed class ActionOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddMailManagerStorage(configuration)
            .AddMailManagerActionTransports()
            .BuildServiceProvider();
    }

    [Fact]
    public void Defaults_apply_without_configuration()
    {
        using var services = Build(new() { ["MailManager:DataDirectory"] = "/var/lib/mailmanager" });
        var options = services.GetRequiredService<IOptions<ActionOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), options.WebhookTimeout);
        Assert.Equal(10L * 1024 * 1024, options.WebhookMaxContentBytes);
        Assert.False(options.AllowInsecureWebhooks);
        Assert.Equal("/var/lib/mailmanager/folders", services.GetRequiredService<FolderWriter>().Root);
    }

    [Fact]
    public void Settings_are_read_from_the_actions_section()
    {
        using var services = Build(new()
        {
            ["MailManager:DataDirectory"] = "/var/lib/mailmanager",
            ["MailManager:Actions:FolderRoot"] = "/srv/mail-out",
            ["MailManager:Actions:WebhookTimeout"] = "00:00:05",
            ["MailManager:Actions:WebhookMaxContentBytes"] = "1048576",
            ["MailManager:Actions:AllowInsecureWebhooks"] = "true",
        });
        var options = services.GetRequiredService<IOptions<ActionOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(5), options.WebhookTimeout);
        Assert.Equal(1048576, options.WebhookMaxContentBytes);
        Assert.True(options.AllowInsecureWebhooks);
        Assert.Equal("/srv/mail-out", services.GetRequiredService<FolderWriter>().Root);
    }

    [Theory]
    [InlineData("MailManager:Actions:FolderRoot", " ", "MailManager:Actions:FolderRoot must be a folder path")]
    [InlineData("MailManager:Actions:WebhookTimeout", "00:00:00", "MailManager:Actions:WebhookTimeout must be positive")]
    [InlineData("MailManager:Actions:WebhookTimeout", "01:00:00", "MailManager:Actions:WebhookTimeout must be positive and at most 00:10:00")]
    [InlineData("MailManager:Actions:WebhookMaxContentBytes", "0", "MailManager:Actions:WebhookMaxContentBytes must be between 1 and")]
    [InlineData("MailManager:Actions:WebhookMaxContentBytes", "1000000000", "MailManager:Actions:WebhookMaxContentBytes must be between 1 and")]
    public void Invalid_settings_are_refused_naming_the_full_key(string key, string value, string expected)
    {
        using var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ActionOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
