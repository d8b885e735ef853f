using MailManager.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Ingress;

public static class IngressServiceCollectionExtensions
{
    /// <summary>The SMTP engine and what binds it to ingress endpoints: listeners, traffic policies, the spool.</summary>
    public static IServiceCollection AddMailManagerIngress(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSmtpServer(configuration);
        services.AddOptions<IngressOptions>()
            .Bind(configuration.GetSection(IngressOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IngressCertificate>();
        services.AddSingleton<IngressEndpointInfo>();
        services.AddSingleton<IngressEndpointHandler>();
        services.AddHostedService<IngressEndpointSupervisor>();
        return services;
    }
}
