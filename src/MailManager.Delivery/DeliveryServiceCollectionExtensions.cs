using MailManager.Core.Messages;
using MailManager.Core.RuleSets;
using MailManager.Data.Messages;
using MailManager.Delivery.Actions;
using MailManager.Delivery.Mailbox;
using MailManager.Delivery.Notifications;
using MailManager.Delivery.Processing;
using MailManager.Delivery.Relays;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailManager.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Outbound SMTP toward relays (MailKit) and the processor that runs rule sets over received mail and
    /// relays it. Needs <c>AddMailManagerStorage</c>; options come from the host's <see cref="IConfiguration"/>:
    /// section <c>MailManager:Delivery</c>, plus <c>MailManager:Smtp:ReplacementMailFrom</c> and
    /// <c>MailManager:Smtp:ServerName</c>.
    /// </summary>
    public static IServiceCollection AddMailManagerDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>()
            .BindConfiguration(DeliveryOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                // The issue names this key under the SMTP section; it wins over one under MailManager:Delivery.
                if (configuration[DeliveryOptions.ReplacementMailFromKey] is { Length: > 0 } replacement)
                {
                    options.ReplacementMailFrom = replacement;
                }
                options.HeloName ??= configuration[DeliveryOptions.SmtpServerNameKey];
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RelayClients>();
        services.AddSingleton<RelayConnectionTester>();
        services.AddSingleton<MessageProcessingStore>();
        services.AddSingleton<MessagePlanner>();
        services.AddSingleton<IMessagePlanner>(provider => provider.GetRequiredService<MessagePlanner>());
        services.AddSingleton<RelayDeliverer>();
        services.AddSingleton<LmtpDeliverer>();
        services.AddMailManagerActionTransports();
        services.AddMailManagerNotifications();
        // One executor per action kind that runs outside; ActionExecutors refuses to start without one for each.
        services.AddSingleton<ActionExecutors>();
        services.AddSingleton<IActionExecutor, RelayActionExecutor>();
        services.AddSingleton<IActionExecutor, BounceExecutor>();
        services.AddSingleton<IActionExecutor, DeliverToMailboxExecutor>();
        services.AddSingleton<IActionExecutor, WriteToS3Executor>();
        services.AddSingleton<IActionExecutor, WebhookExecutor>();
        services.AddSingleton<IActionExecutor, FailureNoticeExecutor>();
        services.AddSingleton<IRuleSetCheck, WebhookUrlCheck>();
        services.AddSingleton<IRuleSetCheck, FolderPathCheck>();
        services.AddSingleton<MessageProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageProcessor>());
        return services;
    }
}
