using System.Security.Cryptography;

namespace MailManager.Core.Common;

/// <summary>
/// Resource identifiers in the SES Mail Manager form: a type prefix, a dash and 26 random
/// lowercase letters and digits (for example <c>tp-5k2m…</c>), as SES identifiers look.
/// </summary>
public static class ResourceId
{
    public const string TrafficPolicyPrefix = "tp";
    public const string RuleSetPrefix = "rs";
    public const string IngressPointPrefix = "inp";
    public const string AddressListPrefix = "al";
    public const string ImportJobPrefix = "job";
    // SES shows no relay or secret ID format; these follow the same shape so IDs read alike.
    public const string RelayPrefix = "rl";
    public const string SecretPrefix = "sec";

    public const int RandomLength = 26;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return prefix + "-" + RandomNumberGenerator.GetString(Alphabet, RandomLength);
    }

    public static bool IsWellFormed(string? id, string prefix) =>
        id is not null
        && id.Length == prefix.Length + 1 + RandomLength
        && id.StartsWith(prefix + "-", StringComparison.Ordinal)
        && id.AsSpan(prefix.Length + 1).IndexOfAnyExcept(Alphabet) < 0;
}
