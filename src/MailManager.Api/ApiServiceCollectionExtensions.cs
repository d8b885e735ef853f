using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Api.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The SES Mail Manager API and the Secrets Manager subset. Operations are found by registration: every
    /// <see cref="IApiOperation"/> of this assembly, with the helpers they share (the <c>*Api</c> classes).
    /// </summary>
    public static IServiceCollection AddMailManagerApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ApiArns>();
        services.AddSingleton<ApiCreates>();
        services.AddSingleton<ImportUploads>();
        services.AddSingleton<Wire.RuleWire>();
        services.AddSingleton<Wire.PolicyWire>();
        services.AddSingleton<IApiAccessKeyStore, StoredApiAccessKeys>();
        services.AddApiRequestAuthentication();
        services.AddSingleton<ApiOperations>();
        foreach (var type in typeof(ApiServiceCollectionExtensions).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            if (typeof(IApiOperation).IsAssignableFrom(type))
            {
                services.AddSingleton(typeof(IApiOperation), type);
            }
            else if (type.Namespace == typeof(Operations.RelayApi).Namespace && type.Name.EndsWith("Api", StringComparison.Ordinal))
            {
                services.AddSingleton(type);
            }
        }
        return services;
    }

    /// <summary>Answers API requests (a POST with X-Amz-Target) before the console sees them.</summary>
    public static IApplicationBuilder UseMailManagerApi(this IApplicationBuilder app)
    {
        // Built now, so that an operation of the model with no answer stops the start rather than a later request.
        app.ApplicationServices.GetRequiredService<ApiOperations>();
        return app.UseMiddleware<ApiMiddleware>().UseMiddleware<ImportUploadMiddleware>();
    }
}
