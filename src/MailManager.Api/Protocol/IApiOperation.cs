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

    /// <summary>Answers the request (<see cref="ApiCall.Body"/>); null answers <c>{}</c>. Throws <see cref="ApiException"/> for an answered error.</summary>
    Task<JsonNode?> InvokeAsync(ApiCall call, CancellationToken ct);
}

/// <summary>
/// An operation whose request is read into <typeparamref name="TRequest"/>; the class is named after the operation
/// (<c>CreateRuleSet</c>), as the target names it.
/// </summary>
public abstract class ApiOperation<TRequest> : IApiOperation where TRequest : class
{
    public virtual string Service => ApiServices.MailManager;

    public string Name => GetType().Name;

    public async Task<JsonNode?> InvokeAsync(ApiCall call, CancellationToken ct) =>
        ApiJson.ToNode(await HandleAsync(call, ApiJson.Read<TRequest>(call.Body, "request"), ct));

    protected abstract Task<object?> HandleAsync(ApiCall call, TRequest request, CancellationToken ct);
}

/// <summary>The services this endpoint answers: target prefixes, signing names and JSON versions.</summary>
public static class ApiServices
{
    public const string MailManager = "MailManagerSvc";
    public const string SecretsManager = "secretsmanager";

    public static (string SigningName, string ContentType)? Of(string service) => service switch
    {
        MailManager => ("ses", "application/x-amz-json-1.0"),
        SecretsManager => ("secretsmanager", "application/x-amz-json-1.1"),
        _ => null,
    };
}
