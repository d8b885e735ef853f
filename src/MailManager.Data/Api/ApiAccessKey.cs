namespace MailManager.Data.Api;

/// <summary>
/// An API access key: the pair an AWS SDK signs requests with (Signature Version 4). The secret half is kept encrypted
/// (<see cref="ProtectedSecret"/>) because verifying a signature needs it; it is shown once, when the key is created.
/// </summary>
public sealed class ApiAccessKey
{
    /// <summary>AWS's shape: <c>AKIA</c> and 16 upper-case letters and digits.</summary>
    public string AccessKeyId { get; set; } = "";
    public string? Description { get; set; }
    public string ProtectedSecret { get; set; } = "";
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset? LastUsedTimestamp { get; set; }
}

/// <summary>A new key as shown once: the secret half is not kept in plaintext anywhere after this.</summary>
public sealed record CreatedApiAccessKey(string AccessKeyId, string SecretAccessKey);

/// <summary>A tag (SES <c>Tag</c>) on a resource, by the resource's ID.</summary>
public sealed class ResourceTag
{
    public string ResourceId { get; set; } = "";
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>
/// A <c>Create*</c> request's <c>ClientToken</c> and what it created, so that a retried request returns the same
/// resource instead of creating a second one.
/// </summary>
public sealed class ApiIdempotencyRecord
{
    public string Operation { get; set; } = "";
    public string ClientToken { get; set; } = "";
    /// <summary>SHA-256 of the request without the token: the same token with other parameters is refused.</summary>
    public string RequestHash { get; set; } = "";
    public string ResourceId { get; set; } = "";
    public DateTimeOffset CreatedTimestamp { get; set; }
}

/// <summary>A change made through the API, attributed to the access key that signed it.</summary>
public sealed class ApiChange
{
    public long Id { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string AccessKeyId { get; set; } = "";
    public string Operation { get; set; } = "";
    public string? ResourceId { get; set; }
}
