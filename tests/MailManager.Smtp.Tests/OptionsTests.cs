using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailManager.Smtp.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_match_the_documented_values()
    {
        SmtpServerOptions options = new();

        Assert.True(new SmtpServerOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.AllowPlaintextAuth);
        Assert.Equal(TimeSpan.FromMinutes(5), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromMinutes(30), options.SessionTimeout);
        Assert.Equal(3, options.MaxFailedAuthAttempts);
        Assert.Equal(100, options.MaxRecipients);
        Assert.Equal(1000, options.MaxLineLength);
        Assert.Equal(40L * 1024 * 1024, options.DefaultMaxMessageSizeBytes);
    }

    [Fact]
    public void Invalid_values_are_reported()
    {
        SmtpServerOptions options = new()
        {
            ServerName = "has space",
            CommandTimeout = TimeSpan.Zero,
            MaxRecipients = 0,
            MaxLineLength = 100,
            MaxDataLineLength = 10,
            DefaultMaxMessageSizeBytes = 0,
        };

        ValidateOptionsResult result = new SmtpServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(6, result.Failures!.Count());
        Assert.Throws<OptionsValidationException>(() => new SmtpListenerManager(Options.Create(options)));
    }

    [Fact]
    public async Task Options_bind_from_the_configuration_section_through_the_service_collection()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MailManager:Smtp:ServerName"] = "mx.example.net",
                ["MailManager:Smtp:AllowPlaintextAuth"] = "true",
                ["MailManager:Smtp:CommandTimeout"] = "00:01:30",
                ["MailManager:Smtp:MaxRecipients"] = "50",
                ["MailManager:Smtp:DefaultMaxMessageSizeBytes"] = "1048576",
            })
            .Build();
        ServiceCollection services = new();
        services.AddLogging();
        services.AddSmtpServer(configuration);

        await using ServiceProvider provider = services.BuildServiceProvider();
        SmtpServerOptions options = provider.GetRequiredService<IOptions<SmtpServerOptions>>().Value;

        Assert.Equal("mx.example.net", options.ServerName);
        Assert.True(options.AllowPlaintextAuth);
        Assert.Equal(TimeSpan.FromSeconds(90), options.CommandTimeout);
        Assert.Equal(50, options.MaxRecipients);
        Assert.Equal(1048576, options.DefaultMaxMessageSizeBytes);
        Assert.Same(provider.GetRequiredService<SmtpListenerManager>(), provider.GetRequiredService<SmtpListenerManager>());
    }

    [Fact]
    public void Invalid_configuration_fails_validation_through_the_service_collection()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:Smtp:MaxRecipients"] = "0" })
            .Build();
        ServiceCollection services = new();
        services.AddSmtpServer(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmtpServerOptions>>().Value);
    }
}
