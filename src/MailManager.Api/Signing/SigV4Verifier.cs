using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailManager.Api.Signing;

/// <summary>What verifying a signature found. Only <see cref="Verified"/> lets a request through.</summary>
public enum SigV4Outcome
{
    Verified,

    /// <summary>The Authorization header, the date or the signed header list is not usable as sent.</summary>
    Malformed,

    /// <summary>The signature, the credential scope or the payload hash does not match the request.</summary>
    InvalidSignature,

    /// <summary>The signed date is more than <see cref="SigV4Verifier.AllowedClockSkew"/> from now.</summary>
    Expired,
}

/// <summary>The outcome, and the access key id the credential named (null when the header could not be read).</summary>
public sealed record SigV4Result(SigV4Outcome Outcome, string? AccessKeyId);

/// <summary>
/// Verifies an AWS Signature Version 4 <c>Authorization</c> header the way AWS services other than S3 do
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html): the canonical request
/// (normalized path encoded once more, sorted and encoded query, trimmed lower-case headers, payload hash), the string
/// to sign with the request date and credential scope, the derived signing key, and a constant-time comparison.
/// Pure: no I/O, no clock but the one passed in. Query-string (presigned) signatures are not accepted.
/// </summary>
public static class SigV4Verifier
{
    /// <summary>How far the signed date may be from the server's clock, either way, as AWS allows.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(15);

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Reads the request's own Authorization header and verifies it.</summary>
    public static SigV4Result Verify(SigV4Request request, string secretAccessKey, string signingName, DateTimeOffset now)
    {
        var header = request.SingleHeader("Authorization", out _);
        return SigV4Authorization.TryParse(header, out var authorization)
            ? Verify(request, authorization, secretAccessKey, signingName, now)
            : new SigV4Result(SigV4Outcome.Malformed, null);
    }

    /// <summary>
    /// Verifies an already parsed Authorization header (the caller needed its access key id to find the secret).
    /// The checks that need no secret come first, so their answers say nothing about it.
    /// </summary>
    public static SigV4Result Verify(
        SigV4Request request, SigV4Authorization authorization, string secretAccessKey, string signingName, DateTimeOffset now)
    {
        SigV4Result Result(SigV4Outcome outcome) => new(outcome, authorization.AccessKeyId);

        if (!TryReadRequestDate(request, out var dateHeader, out var amzDate, out var requestTime))
        {
            return Result(SigV4Outcome.Malformed);
        }

        // The host and the date the signature is bound to must be signed, and every signed header must be there.
        if (!authorization.SignedHeaders.Contains("host") || !authorization.SignedHeaders.Contains(dateHeader)
            || authorization.SignedHeaders.Any(name => !request.HeaderValues(name).Any()))
        {
            return Result(SigV4Outcome.Malformed);
        }

        if (authorization.Service != signingName || authorization.ScopeDate != amzDate[..8])
        {
            return Result(SigV4Outcome.InvalidSignature);
        }

        if ((now - requestTime).Duration() > AllowedClockSkew)
        {
            return Result(SigV4Outcome.Expired);
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span));
        var declaredHash = request.SingleHeader("x-amz-content-sha256", out var repeatedHash);
        if (repeatedHash || (declaredHash is not null && !string.Equals(declaredHash.Trim(), payloadHash, StringComparison.OrdinalIgnoreCase)))
        {
            return Result(SigV4Outcome.InvalidSignature);
        }

        var canonicalRequest = CanonicalRequest(request, authorization.SignedHeaders, payloadHash);
        var expected = Signature(secretAccessKey, authorization, StringToSign(amzDate, authorization.Scope, canonicalRequest));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature))
            ? Result(SigV4Outcome.Verified)
            : Result(SigV4Outcome.InvalidSignature);
    }

    /// <summary>
    /// The date the request was signed at: <c>X-Amz-Date</c> (basic ISO 8601), else <c>Date</c> (RFC 1123), each
    /// present once. <paramref name="amzDate"/> is the form the string to sign carries.
    /// </summary>
    internal static bool TryReadRequestDate(SigV4Request request, out string headerName, out string amzDate, out DateTimeOffset time)
    {
        var value = request.SingleHeader("x-amz-date", out var repeated);
        if (value is not null || repeated)
        {
            headerName = "x-amz-date";
            amzDate = value?.Trim() ?? "";
            return DateTimeOffset.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        }

        headerName = "date";
        value = request.SingleHeader("date", out _);
        if (value is not null && DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            amzDate = time.ToString(AmzDateFormat, CultureInfo.InvariantCulture);
            return true;
        }

        amzDate = "";
        time = default;
        return false;
    }

    /// <summary>The canonical request: method, URI, query, headers, signed header list and payload hash, one per line.</summary>
    internal static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var text = new StringBuilder();
        text.Append(request.Method).Append('\n');
        text.Append(CanonicalUri(request.Path)).Append('\n');
        text.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            text.Append(name).Append(':').Append(string.Join(',', request.HeaderValues(name).Select(TrimAll))).Append('\n');
        }

        text.Append('\n');
        text.Append(string.Join(';', signedHeaders)).Append('\n');
        text.Append(payloadHash);
        return text.ToString();
    }

    internal static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{SigV4Authorization.Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>HMAC of the string to sign with the key derived from the secret and the credential scope, in hex.</summary>
    internal static string Signature(string secretAccessKey, SigV4Authorization scope, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(scope.ScopeDate));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope.Region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope.Service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>
    /// The path with empty and <c>.</c> segments removed and <c>..</c> applied (a trailing slash kept), then URI-encoded
    /// once more: services other than S3 sign the already encoded path encoded again, so <c>%20</c> becomes <c>%2520</c>.
    /// </summary>
    internal static string CanonicalUri(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var normalized = "/" + string.Join('/', segments) + (segments.Count > 0 && path.EndsWith('/') ? "/" : "");
        return UriEncode(Encoding.UTF8.GetBytes(normalized), keepSlash: true);
    }

    /// <summary>
    /// Each <c>name=value</c> pair decoded from the percent-encoding it was sent in, encoded the SigV4 way, and sorted by
    /// name and then value; a name without <c>=</c> gets an empty value.
    /// </summary>
    internal static string CanonicalQuery(string query)
    {
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add((UriEncode(PercentDecode(name), keepSlash: false), UriEncode(PercentDecode(value), keepSlash: false)));
        }

        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(pair => $"{pair.Name}={pair.Value}"));
    }

    /// <summary>Leading and trailing whitespace removed and each run inside (line folds included) made one space.</summary>
    internal static string TrimAll(string value)
    {
        var text = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    // RFC 3986 unreserved characters stay; every other byte becomes %XX in upper-case hex.
    private static string UriEncode(ReadOnlySpan<byte> bytes, bool keepSlash)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' || (keepSlash && b == '/'))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    // Percent escapes to the bytes they stand for; anything else (including '+') stays as its UTF-8 bytes.
    private static byte[] PercentDecode(string text)
    {
        var source = Encoding.UTF8.GetBytes(text);
        var bytes = new List<byte>(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '%' && i + 2 < source.Length && IsHex(source[i + 1]) && IsHex(source[i + 2]))
            {
                bytes.Add(Convert.ToByte(Encoding.ASCII.GetString(source, i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(source[i]);
            }
        }

        return [.. bytes];
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);
}
