using System.Text.Json;
using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Core.Secrets;
using MailManager.Data.Api;
using MailManager.Data.Common;
using MailManager.Data.Secrets;

namespace MailManager.Api.Operations;

public sealed class SecretRequest
{
    public string? Name { get; set; }
    public string? SecretId { get; set; }
    public string? Description { get; set; }
    public string? SecretString { get; set; }
    public string? SecretBinary { get; set; }
    public string? ClientRequestToken { get; set; }
    public List<ApiTag>? Tags { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

/// <summary>
/// The part of the AWS Secrets Manager API that scripts use to store the credentials Mail Manager resources name by
/// <c>SecretArn</c>: secrets are this gateway's own (key/value pairs, values encrypted and write-only), so
/// <c>SecretString</c> is a JSON object of string values and nothing reads a value back.
/// </summary>
public sealed class SecretApi(SecretService secrets, ApiArns arns)
{
    public SecretService Secrets => secrets;

    public static ApiException InvalidParameter(string message) => new("InvalidParameterException", 400, message);

    public static ApiException InvalidRequest(string message) => new("InvalidRequestException", 400, message);

    public async Task<Secret> FindAsync(string? secretId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(secretId))
        {
            throw InvalidParameter("SecretId: a value is required.");
        }
        Secret? secret;
        try
        {
            var id = arns.SecretId(secretId, "SecretId");
            secret = await secrets.GetAsync(id, ct)
                ?? (await secrets.ListAsync(ct)).FirstOrDefault(s => s.SecretName == secretId);
        }
        catch (ApiException)
        {
            secret = null;
        }
        return secret ?? throw new ApiException("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret.");
    }

    public List<SecretEntryDraft> Entries(string? secretString, string? secretBinary)
    {
        if (secretBinary is not null)
        {
            throw InvalidParameter("SecretBinary: MailManager secrets hold key/value pairs; give SecretString as a JSON object such as {\"username\":\"…\",\"password\":\"…\"}.");
        }
        if (secretString is null)
        {
            throw InvalidParameter("SecretString: a JSON object of key/value pairs is required.");
        }
        try
        {
            using var document = JsonDocument.Parse(secretString);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException();
            }
            var entries = new List<SecretEntryDraft>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw InvalidParameter($"SecretString: the value of '{property.Name}' must be a string.");
                }
                entries.Add(new SecretEntryDraft { Key = property.Name, Value = property.Value.GetString() });
            }
            return entries;
        }
        catch (JsonException)
        {
            throw InvalidParameter("SecretString: MailManager secrets hold key/value pairs; give a JSON object such as {\"username\":\"…\",\"password\":\"…\"}.");
        }
    }

    public static string Saved(SaveResult result)
    {
        if (result.Succeeded)
        {
            return result.Id!;
        }
        var message = ApiResults.Describe(result.Errors);
        throw result.IsNotFound ? new ApiException("ResourceNotFoundException", 400, message)
            : result.Errors.IsConflict ? new ApiException("ResourceExistsException", 400, message)
            : InvalidParameter(message);
    }

    public object Describe(Secret secret) => new
    {
        ARN = arns.ForSecret(secret.SecretId),
        Name = secret.SecretName,
        secret.Description,
        CreatedDate = secret.CreatedTimestamp,
        LastChangedDate = secret.LastModifiedTimestamp,
    };

    public string Arn(string secretId) => arns.ForSecret(secretId);
}

public abstract class SecretsManagerOperation<TRequest> : ApiOperation<TRequest> where TRequest : class
{
    public override string Service => ApiServices.SecretsManager;
}

public sealed class CreateSecret(SecretApi api, ResourceTagService tags) : SecretsManagerOperation<SecretRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, SecretRequest request, CancellationToken ct)
    {
        var tagList = ApiTags.Validate(request.Tags);
        var draft = new SecretDraft
        {
            Name = request.Name ?? throw SecretApi.InvalidParameter("Name: a value is required."),
            Description = request.Description,
            Entries = api.Entries(request.SecretString, request.SecretBinary),
        };
        var id = call.ResourceId = SecretApi.Saved(await api.Secrets.CreateAsync(draft, ct));
        if (tagList.Count > 0)
        {
            await tags.SetAsync(id, tagList, ct);
        }
        return new { ARN = api.Arn(id), draft.Name, VersionId = request.ClientRequestToken ?? Guid.NewGuid().ToString() };
    }
}

public sealed class PutSecretValue(SecretApi api) : SecretsManagerOperation<SecretRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, SecretRequest request, CancellationToken ct)
    {
        var secret = await api.FindAsync(request.SecretId, ct);
        call.ResourceId = secret.SecretId;
        var draft = new SecretDraft { Name = secret.SecretName, Description = secret.Description, Entries = api.Entries(request.SecretString, request.SecretBinary) };
        SecretApi.Saved(await api.Secrets.UpdateAsync(secret.SecretId, draft, ct));
        return new { ARN = api.Arn(secret.SecretId), Name = secret.SecretName, VersionId = request.ClientRequestToken ?? Guid.NewGuid().ToString(), VersionStages = new[] { "AWSCURRENT" } };
    }
}

public sealed class DescribeSecret(SecretApi api) : SecretsManagerOperation<SecretRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, SecretRequest request, CancellationToken ct) =>
        api.Describe(await api.FindAsync(request.SecretId, ct));
}

public sealed class ListSecrets(SecretApi api) : SecretsManagerOperation<SecretRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, SecretRequest request, CancellationToken ct)
    {
        if (request.MaxResults is < 1 or > 100)
        {
            throw SecretApi.InvalidParameter("MaxResults: must be between 1 and 100.");
        }
        var (page, next) = Paging.Page(await api.Secrets.ListAsync(ct), s => s.SecretId, request.NextToken, request.MaxResults ?? 100, maxPageSize: 100);
        return new { SecretList = page.Select(api.Describe), NextToken = next };
    }
}

public sealed class DeleteSecret(SecretApi api) : SecretsManagerOperation<SecretRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, SecretRequest request, CancellationToken ct)
    {
        var secret = await api.FindAsync(request.SecretId, ct);
        call.ResourceId = secret.SecretId;
        var result = await api.Secrets.DeleteAsync(secret.SecretId, ct);
        if (!result.Deleted)
        {
            throw SecretApi.InvalidRequest(result.Refusal ?? "The secret is in use.");
        }
        // Deleted at once: there is no recovery window here.
        return new { ARN = api.Arn(secret.SecretId), Name = secret.SecretName, DeletionDate = DateTimeOffset.UtcNow };
    }
}

public sealed class GetSecretValue : SecretsManagerOperation<SecretRequest>
{
    protected override Task<object?> HandleAsync(ApiCall call, SecretRequest request, CancellationToken ct) =>
        throw ApiException.AccessDenied("Secret values are write-only in MailManager: they are used to authenticate, never read back, as in the console.");
}
