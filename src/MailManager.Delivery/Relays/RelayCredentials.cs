using MailManager.Core.Relays;

namespace MailManager.Delivery.Relays;

/// <summary>The <c>username</c>/<c>password</c> of a relay's secret, read at the moment they are needed.</summary>
public sealed record RelayCredentials(string UserName, string Password)
{
    /// <summary>The credentials held by a relay's secret, or null when it lacks <c>username</c> or <c>password</c>.</summary>
    public static RelayCredentials? FromSecret(IReadOnlyDictionary<string, string>? values) =>
        values is not null
        && values.TryGetValue(RelayCredentialKeys.Username, out var userName)
        && values.TryGetValue(RelayCredentialKeys.Password, out var password)
            ? new RelayCredentials(userName, password)
            : null;

    // Keep the password out of any log line or exception that prints the record.
    public override string ToString() => $"RelayCredentials {{ UserName = {UserName} }}";
}
