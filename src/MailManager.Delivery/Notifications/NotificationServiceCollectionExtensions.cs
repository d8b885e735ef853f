using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Delivery.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// The notification options (<see cref="NotificationOptions"/>), validated on start. Options come from the
    /// host's <see cref="IConfiguration"/>: section <c>MailManager:Notifications</c>, and
    /// <c>MailManager:Smtp:ServerName</c> for the default sender.
    /// </summary>
    public static IServiceCollection AddMailManagerNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.Relay = (options.Relay ?? "").Trim();
                options.Sender = string.IsNullOrWhiteSpace(options.Sender)
                    ? NotificationOptions.DefaultSender(configuration[DeliveryOptions.SmtpServerNameKey])
                    : options.Sender.Trim();
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
