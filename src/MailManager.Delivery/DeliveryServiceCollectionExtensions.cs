using MailManager.Delivery.Relays;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Outbound SMTP toward relays (MailKit).</summary>
    public static IServiceCollection AddMailManagerDelivery(this IServiceCollection services)
    {
        services.AddSingleton<RelayConnectionTester>();
        return services;
    }
}
