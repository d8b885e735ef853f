namespace MailManager.Api.Signing;

/// <summary>The secret half of an API access key, as signature verification needs it (decrypted only for that).</summary>
public sealed record ApiAccessKeySecret(string AccessKeyId, string SecretAccessKey, bool Active);

/// <summary>Where signature verification finds access keys; storage implements it.</summary>
public interface IApiAccessKeyStore
{
    Task<ApiAccessKeySecret?> FindAsync(string accessKeyId, CancellationToken ct);

    /// <summary>Notes that the key signed a request that verified (the console's "Last used").</summary>
    Task RecordUseAsync(string accessKeyId, CancellationToken ct);
}
