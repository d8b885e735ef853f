using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailManager.Delivery.Actions;

public static class ActionServiceCollectionExtensions
{
    /// <summary>
    /// The transports of the "Write to folder" and "Webhook" actions: <see cref="ActionOptions"/> (section
    /// <c>MailManager:Actions</c>, validated on start), <see cref="FolderWriter"/>, <see cref="WebhookPublisher"/> and
    /// its named <see cref="HttpClient"/> (<see cref="WebhookPublisher.HttpClientName"/>). Options come from the
    /// host's IConfiguration; <c>FolderRoot</c> resolves against <c>MailManager:DataDirectory</c>.
    /// </summary>
    public static IServiceCollection AddMailManagerActionTransports(this IServiceCollection services)
    {
        services.AddOptions<ActionOptions>()
            .BindConfiguration(ActionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookPublisher.HttpClientName, client =>
            {
                // The publisher bounds each POST with MailManager:Actions:WebhookTimeout itself, so that a timeout
                // can be told from the processor stopping.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(WebhookPublisher.CreateHandler)
            // The factory's request logging names the URL, and a webhook's path often is its credential.
            .RemoveAllLoggers()
            // The handler renews its own connections (PooledConnectionLifetime); one handler serves the process.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<FolderWriter>();
        services.TryAddSingleton<WebhookPublisher>();
        return services;
    }
}
