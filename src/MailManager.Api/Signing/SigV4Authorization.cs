using System.Diagnostics.CodeAnalysis;

namespace MailManager.Api.Signing;

/// <summary>
/// The parts of an <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request,
/// SignedHeaders=host;x-amz-date, Signature=…</c> header. Parsing checks the shape only; <see cref="SigV4Verifier"/>
/// checks the meaning.
/// </summary>
public sealed record SigV4Authorization(
    string AccessKeyId,
    string ScopeDate,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private const string Terminator = "aws4_request";

    /// <summary>The credential scope as the string to sign carries it: <c>date/region/service/aws4_request</c>.</summary>
    public string Scope => $"{ScopeDate}/{Region}/{Service}/{Terminator}";

    /// <summary>
    /// Reads the header. The three components may come in any order, each once, separated by commas with optional
    /// spaces; the signed header names must be lower case and sorted (as every SDK sends them), the signature 64
    /// lower-case hex digits.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SigV4Authorization? authorization)
    {
        authorization = null;
        if (value is null || !value.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in value[(Algorithm.Length + 1)..].Split(','))
        {
            var component = part.Trim(' ');
            var equals = component.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            var text = component[(equals + 1)..];
            switch (component[..equals])
            {
                case "Credential" when credential is null:
                    credential = text;
                    break;
                case "SignedHeaders" when signedHeaders is null:
                    signedHeaders = text;
                    break;
                case "Signature" when signature is null:
                    signature = text;
                    break;
                default:
                    return false;
            }
        }

        if (credential is null || signedHeaders is null || signature is null || !IsLowerHex(signature, 64))
        {
            return false;
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0].Length == 0 || !IsScopeDate(scope[1]) || scope[2].Length == 0
            || scope[3].Length == 0 || scope[4] != Terminator)
        {
            return false;
        }

        var names = signedHeaders.Split(';');
        for (var i = 0; i < names.Length; i++)
        {
            if (!IsLowerCaseToken(names[i]) || (i > 0 && string.CompareOrdinal(names[i - 1], names[i]) >= 0))
            {
                return false;
            }
        }

        authorization = new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], names, signature);
        return true;
    }

    private static bool IsScopeDate(string text) => text.Length == 8 && text.All(char.IsAsciiDigit);

    private static bool IsLowerHex(string text, int length) =>
        text.Length == length && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    // An HTTP field name (RFC 9110 token) in lower case.
    private static bool IsLowerCaseToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
