using MailManager.Api.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace MailManager.Api.Signing;

/// <summary>
/// Authenticates one API request by its AWS Signature Version 4 <c>Authorization</c> header and the API access keys
/// of <see cref="IApiAccessKeyStore"/>. Failures answer as AWS does and say no more than the error type: which part of
/// a signature was wrong is logged (with the access key id), never answered. The secret, the signature and the
/// Authorization header are never logged. One instance is shared by all requests (it holds the failure counts).
/// </summary>
public sealed partial class ApiAuthenticator(
    IApiAccessKeyStore keys, SignatureFailureThrottle throttle, TimeProvider time, ILogger<ApiAuthenticator> logger) : IApiAuthenticator
{
    /// <summary>
    /// Returns the access key id that signed the request, or throws <see cref="ApiException"/>:
    /// MissingAuthenticationToken without an Authorization header; UnrecognizedClient for a key that is unknown or
    /// inactive, or a session token (this server issues no temporary credentials); InvalidSignature for a malformed
    /// header or a signature that does not verify; the expired InvalidSignature for a date more than 15 minutes off;
    /// Throttling for a failed signature on a key that failed 20 times within a minute (for 5 minutes; correctly signed
    /// requests with that key still pass).
    /// </summary>
    /// <param name="body">The whole request body, as received.</param>
    /// <param name="signingName">The service the credential scope must name: <c>ses</c> or <c>secretsmanager</c>.</param>
    public async Task<string> AuthenticateAsync(HttpRequest request, ReadOnlyMemory<byte> body, string signingName, CancellationToken ct)
    {
        var header = request.Headers.Authorization;
        if (header.Count == 0 || (header.Count == 1 && string.IsNullOrEmpty(header[0])))
        {
            throw ApiException.MissingAuthentication();
        }

        if (header.Count > 1 || !SigV4Authorization.TryParse(header[0], out var authorization))
        {
            LogMalformedAuthorization(logger);
            throw ApiException.InvalidSignature();
        }

        var accessKeyId = authorization.AccessKeyId;
        if (request.Headers.ContainsKey("X-Amz-Security-Token"))
        {
            LogRefused(logger, accessKeyId, "the request carries a session token");
            throw ApiException.UnrecognizedClient();
        }

        var now = time.GetUtcNow();
        var key = await keys.FindAsync(accessKeyId, ct);
        if (key is null || !key.Active)
        {
            LogRefused(logger, accessKeyId, key is null ? "the access key is unknown" : "the access key is inactive");
            throw ApiException.UnrecognizedClient();
        }

        var result = SigV4Verifier.Verify(ToSigV4Request(request, body), authorization, key.SecretAccessKey, signingName, now);
        // The operation must be signed too: the API is served over the console's plain-HTTP port as well, where an
        // unsigned X-Amz-Target could be swapped for another operation within the 15 minutes. Every SDK signs it.
        if (result.Outcome == SigV4Outcome.Verified && request.Headers.ContainsKey("X-Amz-Target") && !authorization.SignedHeaders.Contains("x-amz-target"))
        {
            result = result with { Outcome = SigV4Outcome.Malformed };
        }
        switch (result.Outcome)
        {
            case SigV4Outcome.Verified:
                await keys.RecordUseAsync(accessKeyId, ct);
                return accessKeyId;
            case SigV4Outcome.Expired:
                LogRefused(logger, accessKeyId, "the signed date is more than 15 minutes from the server's clock");
                throw ApiException.SignatureExpired();
            default:
                // A key that keeps failing is answered ThrottlingException for a while, but a correctly signed request
                // still passes: the key's ID is no secret, so a stranger's failures must not lock its owner out.
                if (throttle.IsRefused(accessKeyId, now))
                {
                    LogThrottled(logger, accessKeyId);
                    throw ApiException.Throttling();
                }
                throttle.RecordFailure(accessKeyId, now);
                LogRefused(logger, accessKeyId, result.Outcome == SigV4Outcome.Malformed
                    ? "the date or the signed headers are not usable"
                    : "the signature, its scope or the payload hash does not match");
                throw ApiException.InvalidSignature();
        }
    }

    /// <summary>
    /// The request as signed: the path as sent (Kestrel's raw request target, before it decodes and normalizes it),
    /// the raw query, every header value as received, and the body.
    /// </summary>
    internal static SigV4Request ToSigV4Request(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = !string.IsNullOrEmpty(rawTarget) && rawTarget.StartsWith('/')
            ? rawTarget.Split('?', 2)[0]
            : (request.PathBase + request.Path).ToUriComponent();

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                if (value is not null)
                {
                    headers.Add(new(name, value));
                }
            }
        }

        return new SigV4Request(request.Method, path, request.QueryString.Value ?? "", headers, body);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API request refused: its Authorization header is not an AWS Signature Version 4 header")]
    private static partial void LogMalformedAuthorization(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API request refused for access key {AccessKeyId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string accessKeyId, string reason);

    // Debug: while a key is refused, every guess would otherwise add a line.
    [LoggerMessage(Level = LogLevel.Debug, Message = "API request refused for access key {AccessKeyId}: too many failed signatures lately")]
    private static partial void LogThrottled(ILogger logger, string accessKeyId);
}
