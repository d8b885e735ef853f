using MailManager.Data.Api;

namespace MailManager.Api.Signing;

/// <summary>The access keys the console manages, as signature verification reads them.</summary>
public sealed class StoredApiAccessKeys(ApiAccessKeyService keys) : IApiAccessKeyStore
{
    public async Task<ApiAccessKeySecret?> FindAsync(string accessKeyId, CancellationToken ct) =>
        await keys.FindSecretAsync(accessKeyId, ct) is { } found ? new ApiAccessKeySecret(accessKeyId, found.Secret, found.Active) : null;

    public Task RecordUseAsync(string accessKeyId, CancellationToken ct) => keys.RecordUseAsync(accessKeyId, ct);
}
