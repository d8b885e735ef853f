namespace MailManager.Api.Protocol;

/// <summary>
/// An error answered as AWS JSON protocols answer it: HTTP status, <c>__type</c> and <c>message</c>. The types are those
/// the SES Mail Manager and Secrets Manager models declare, so the SDKs raise their own typed exceptions.
/// </summary>
public sealed class ApiException(string type, int statusCode, string message) : Exception(message)
{
    public string Type { get; } = type;
    public int StatusCode { get; } = statusCode;

    public static ApiException Validation(string message) => new("ValidationException", 400, message);

    public static ApiException NotFound(string message) => new("ResourceNotFoundException", 404, message);

    public static ApiException Conflict(string message) => new("ConflictException", 409, message);

    public static ApiException QuotaExceeded(string message) => new("ServiceQuotaExceededException", 402, message);

    public static ApiException AccessDenied(string message) => new("AccessDeniedException", 403, message);

    /// <summary>The access key is not known or is inactive; nothing more is said.</summary>
    public static ApiException UnrecognizedClient() =>
        new("UnrecognizedClientException", 403, "The security token included in the request is invalid.");

    /// <summary>The signature did not verify; which part was wrong is not said.</summary>
    public static ApiException InvalidSignature() =>
        new("InvalidSignatureException", 403,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");

    /// <summary>The signed date is more than 15 minutes from the server's clock.</summary>
    public static ApiException SignatureExpired() =>
        new("InvalidSignatureException", 403, "Signature expired: the request's date is more than 15 minutes from the server's time.");

    public static ApiException MissingAuthentication() =>
        new("MissingAuthenticationTokenException", 403, "Missing Authentication Token: sign the request with AWS Signature Version 4 and an API access key.");

    /// <summary>Too many requests for one access key failed to verify lately; its requests are refused for a while.</summary>
    public static ApiException Throttling() => new("ThrottlingException", 429, "Rate exceeded.");

    public static ApiException UnknownOperation(string target) =>
        new("UnknownOperationException", 400, $"Unknown operation '{target}'.");
}
