using MailManager.Api.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Api.Tests.Signing;

public sealed class SigningServiceCollectionExtensionsTests
{
    [Fact]
    public void One_authenticator_and_one_failure_table_serve_every_request()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IApiAccessKeyStore>(new InMemoryAccessKeyStore())
            .AddApiRequestAuthentication();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        using var scope = provider.CreateScope();

        Assert.Same(provider.GetRequiredService<ApiAuthenticator>(), scope.ServiceProvider.GetRequiredService<ApiAuthenticator>());
        Assert.Same(provider.GetRequiredService<SignatureFailureThrottle>(), scope.ServiceProvider.GetRequiredService<SignatureFailureThrottle>());
    }
}
