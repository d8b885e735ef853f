namespace MailManager.Core.Relays;

/// <summary>The keys SES requires in a relay's secret, and nothing else (§9, the SMTP relay seed).</summary>
public static class RelayCredentialKeys
{
    public const string Username = "username";
    public const string Password = "password";

    public static readonly string[] All = [Username, Password];
}
