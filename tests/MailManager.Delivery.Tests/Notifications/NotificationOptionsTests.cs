using MailManager.Core.Relays;
using MailManager.Delivery.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMailManagerNotifications().BuildServiceProvider();
    }

    private static NotificationOptions Resolve(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        return services.GetRequiredService<IOptions<NotificationOptions>>().Value;
    }

    [Fact]
    public void Without_configuration_no_relay_is_set_and_the_sender_is_the_mailer_daemon_of_the_machine()
    {
        var options = Resolve([]);

        Assert.Equal("", options.Relay);
        Assert.Equal($"MAILER-DAEMON@{Environment.MachineName}", options.Sender);
    }

    [Fact]
    public void The_default_sender_takes_the_smtp_server_name_and_the_relay_is_read_trimmed()
    {
        var options = Resolve(new()
        {
            ["MailManager:Smtp:ServerName"] = "mail.example.com",
            ["MailManager:Notifications:Relay"] = " bounces-out ",
        });

        Assert.Equal("MAILER-DAEMON@mail.example.com", options.Sender);
        Assert.Equal("bounces-out", options.Relay);
    }

    [Fact]
    public void A_configured_sender_wins()
    {
        var options = Resolve(new()
        {
            ["MailManager:Smtp:ServerName"] = "mail.example.com",
            ["MailManager:Notifications:Sender"] = "postmaster@example.com",
        });

        Assert.Equal("postmaster@example.com", options.Sender);
    }

    [Theory]
    [InlineData("MailManager:Notifications:Sender", "not an address", "MailManager:Notifications:Sender must be an email address")]
    [InlineData("MailManager:Notifications:Sender", "MAILER-DAEMON@", "MailManager:Notifications:Sender must be an email address")]
    [InlineData("MailManager:Notifications:Relay", "my relay!", "MailManager:Notifications:Relay must be the name or ID of an SMTP relay")]
    [InlineData("MailManager:Notifications:Relay", "ab", "MailManager:Notifications:Relay must be the name or ID of an SMTP relay")]
    public void Invalid_settings_stop_the_start_naming_the_full_key(string key, string value, string expected)
    {
        using var services = Services(new() { [key] = value });

        // What the host runs before it starts (ValidateOnStart).
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_relay_is_found_by_id_or_by_name()
    {
        Relay[] relays =
        [
            new() { RelayId = "rl-aaaaaaaaaaaaaaaaaaaaaaaaaa", RelayName = "office" },
            new() { RelayId = "rl-bbbbbbbbbbbbbbbbbbbbbbbbbb", RelayName = "bounces" },
        ];

        Assert.Equal(NotificationRelayState.NotConfigured, NotificationRelay.Resolve("", relays).State);
        Assert.Equal(NotificationRelayState.NotConfigured, NotificationRelay.Resolve(null, relays).State);
        Assert.Same(relays[1], NotificationRelay.Resolve("bounces", relays).Relay);
        Assert.Same(relays[0], NotificationRelay.Resolve("rl-aaaaaaaaaaaaaaaaaaaaaaaaaa", relays).Relay);
        Assert.Equal(NotificationRelayState.Configured, NotificationRelay.Resolve(" office ", relays).State);
        var missing = NotificationRelay.Resolve("Bounces", relays);
        Assert.Equal(NotificationRelayState.NotFound, missing.State);
        Assert.Equal("Bounces", missing.Configured);
        Assert.Null(missing.Relay);
    }
}
