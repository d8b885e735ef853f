using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MailManager.Api.Protocol;
using MailManager.Data.Api;

namespace MailManager.Api.Resources;

/// <summary>
/// What every <c>Create*</c> shares: <c>ClientToken</c> idempotency (a retried request returns the resource the first
/// one created; the same token with other parameters is a <c>ConflictException</c>) and the <c>Tags</c> given with it.
/// </summary>
public sealed class ApiCreates(ApiRecords records, ResourceTagService tags)
{
    // Creates are rare; one at a time is enough to keep a retry racing its original from creating twice.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<string> CreateAsync(ApiCall call, string? clientToken, IReadOnlyList<ApiTag>? requestTags, Func<Task<string>> create, CancellationToken ct)
    {
        if (clientToken is { Length: 0 or > 128 })
        {
            throw ApiException.Validation("ClientToken: 1 to 128 characters.");
        }
        var tagList = ApiTags.Validate(requestTags);
        await _gate.WaitAsync(ct);
        try
        {
            var hash = RequestHash(call);
            if (clientToken is not null && await records.FindCreateAsync(call.Operation, clientToken, ct) is { } earlier)
            {
                if (earlier.RequestHash != hash)
                {
                    throw ApiException.Conflict("ClientToken: this token was used with different parameters.");
                }
                call.ResourceId = earlier.ResourceId;
                return earlier.ResourceId;
            }
            var id = await create();
            call.ResourceId = id;
            if (tagList.Count > 0)
            {
                await tags.SetAsync(id, tagList, ct);
            }
            if (clientToken is not null)
            {
                await records.RecordCreateAsync(call.Operation, clientToken, hash, id, ct);
            }
            return id;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// What the request asked for, as a hash kept with its token: without the token, and without passwords, since the
    /// record outlives the request and a plain hash of a password could be tested against guesses.
    /// </summary>
    private static string RequestHash(ApiCall call)
    {
        var body = JsonNode.Parse(call.Body.GetRawText())!.AsObject();
        body.Remove("ClientToken");
        RemoveSecrets(body);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())));
    }

    private static readonly string[] SecretMembers = ["SmtpPassword"];

    private static void RemoveSecrets(JsonNode? node)
    {
        if (node is JsonObject map)
        {
            foreach (var member in SecretMembers)
            {
                map.Remove(member);
            }
            foreach (var (_, value) in map)
            {
                RemoveSecrets(value);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                RemoveSecrets(item);
            }
        }
    }
}
