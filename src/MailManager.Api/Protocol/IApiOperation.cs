using System.Text.Json;
using System.Text.Json.Nodes;

namespace MailManager.Api.Protocol;

/// <summary>
/// One operation of the API, found by registration (<see cref="ApiOperations"/>): the target prefix of its service
/// (<c>MailManagerSvc</c> or <c>secretsmanager</c>) and the operation name, as in <c>X-Amz-Target</c>.
/// </summary>
public interface IApiOperation
{
    string Service { get; }

    string Name { get; }

    /// <summary>Answers the request body; null answers <c>{}</c>. Throws <see cref="ApiException"/> for an answered error.</summary>
    Task<JsonNode?> InvokeAsync(ApiCall call, JsonElement request, CancellationToken ct);
}
