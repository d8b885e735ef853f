using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MailManager.Smtp;

/// <summary>Registers the SMTP engine in a host's service collection.</summary>
public static class SmtpServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SmtpServerOptions"/> from the <c>MailManager:Smtp</c> section (validated at start-up) and
    /// registers <see cref="SmtpListenerManager"/> as a singleton, which the container disposes (draining) at shutdown.
    /// </summary>
    public static IServiceCollection AddSmtpServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SmtpServerOptions>()
            .Bind(configuration.GetSection(SmtpServerOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpServerOptions>, SmtpServerOptionsValidator>());
        services.TryAddSingleton<SmtpListenerManager>();
        return services;
    }
}
