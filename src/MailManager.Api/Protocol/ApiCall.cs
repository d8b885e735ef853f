using System.Text.Json;

namespace MailManager.Api.Protocol;

/// <summary>
/// One authenticated API request: who made it (the access key every change is attributed to), what, and with which
/// body. An operation that changes a resource names it in <see cref="ResourceId"/> for the change record.
/// </summary>
public sealed class ApiCall(string accessKeyId, string operation, string requestId, JsonElement body, Uri origin)
{
    public string AccessKeyId { get; } = accessKeyId;
    public string Operation { get; } = operation;
    public string RequestId { get; } = requestId;
    public JsonElement Body { get; } = body;

    /// <summary>Scheme, host and port the client reached the API at: the base of URLs handed back to it.</summary>
    public Uri Origin { get; } = origin;

    public string? ResourceId { get; set; }

    /// <summary>Whether the operation changes something and so is recorded against the access key.</summary>
    public bool IsChange => IsChangeName(Operation);

    private static readonly string[] ChangeVerbs = ["Create", "Update", "Delete", "Tag", "Untag", "Register", "Deregister", "Start", "Stop", "Put"];

    public static bool IsChangeName(string operation) =>
        ChangeVerbs.Any(verb => operation.StartsWith(verb, StringComparison.Ordinal) && operation.Length > verb.Length && char.IsUpper(operation[verb.Length]));
}
