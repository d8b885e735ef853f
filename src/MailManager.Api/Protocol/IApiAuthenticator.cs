using Microsoft.AspNetCore.Http;

namespace MailManager.Api.Protocol;

/// <summary>Verifies a request's signature; returns the access key that signed it or throws the refusal as an <see cref="ApiException"/>.</summary>
public interface IApiAuthenticator
{
    Task<string> AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string signingName, CancellationToken ct);
}
