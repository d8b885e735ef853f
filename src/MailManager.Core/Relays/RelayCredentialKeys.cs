namespace MailManager.Core.Relays;

/// <summary>The keys SES requires in a relay's secret, and nothing else (SES <c>Relay</c> authentication, as the SMTP relay console page asks for them).</summary>
public static class RelayCredentialKeys
{
    public const string Username = "username";
    public const string Password = "password";

    public static readonly string[] All = [Username, Password];
}
