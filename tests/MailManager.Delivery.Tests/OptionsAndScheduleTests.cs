using MailManager.Delivery.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Tests;

public sealed class OptionsAndScheduleTests
{
    private static DeliveryOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMailManagerDelivery().BuildServiceProvider();
        return services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
    }

    [Fact]
    public void Defaults_apply_without_configuration()
    {
        var options = Resolve([]);
        Assert.Equal(TimeSpan.FromHours(24), options.RetryLifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), options.FirstRetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(30), options.MaxRetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.CommandTimeout);
        Assert.Equal(16, options.MaxConcurrentDeliveries);
        Assert.Equal("mailmanager@localhost", options.ReplacementMailFrom);
        Assert.Null(options.HeloName);
    }

    [Fact]
    public void The_replacement_sender_and_helo_name_come_from_the_smtp_section()
    {
        var options = Resolve(new()
        {
            ["MailManager:Smtp:ReplacementMailFrom"] = "postmaster@mail.example.com",
            ["MailManager:Smtp:ServerName"] = "mail.example.com",
            ["MailManager:Delivery:MaxConcurrentDeliveries"] = "4",
        });
        Assert.Equal("postmaster@mail.example.com", options.ReplacementMailFrom);
        Assert.Equal("mail.example.com", options.HeloName);
        Assert.Equal(4, options.MaxConcurrentDeliveries);
    }

    [Theory]
    [InlineData("MailManager:Smtp:ReplacementMailFrom", "not an address", "ReplacementMailFrom")]
    [InlineData("MailManager:Delivery:FirstRetryDelay", "00:00:00", "FirstRetryDelay")]
    [InlineData("MailManager:Delivery:MaxRetryDelay", "00:00:01", "MaxRetryDelay")]
    [InlineData("MailManager:Delivery:MaxConcurrentDeliveries", "0", "MaxConcurrentDeliveries")]
    public void Invalid_settings_are_refused(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 960)]
    [InlineData(7, 1800)]
    [InlineData(1000, 1800)]
    public void Backoff_doubles_up_to_the_cap(int failedAttempts, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            RetrySchedule.Delay(failedAttempts, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30)));
    }
}
