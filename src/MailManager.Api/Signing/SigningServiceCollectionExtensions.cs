using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailManager.Api.Signing;

public static class SigningServiceCollectionExtensions
{
    /// <summary>
    /// Signature Version 4 authentication of API requests: <see cref="ApiAuthenticator"/> and the failure counts it
    /// shares across requests. An <see cref="IApiAccessKeyStore"/> must be registered as well (storage provides it).
    /// </summary>
    public static IServiceCollection AddApiRequestAuthentication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SignatureFailureThrottle>();
        services.TryAddSingleton<ApiAuthenticator>();
        services.TryAddSingleton<Protocol.IApiAuthenticator>(sp => sp.GetRequiredService<ApiAuthenticator>());
        return services;
    }
}
