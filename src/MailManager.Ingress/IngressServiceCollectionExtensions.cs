using MailManager.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        // TryAdd: a test that registered the facts of the host it pretends to be keeps them.
        services.TryAddSingleton(_ => HostPorts.ForThisProcess());
        services.AddSingleton<IngressCertificate>();
        services.AddSingleton<IngressEndpointInfo>();
        services.AddSingleton<SessionRecorder>();
        services.AddSingleton<IngressEndpointHandler>();
        services.AddHostedService<IngressEndpointSupervisor>();
        return services;
    }
}
