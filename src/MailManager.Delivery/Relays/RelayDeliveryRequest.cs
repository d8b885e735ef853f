namespace MailManager.Delivery.Relays;

/// <summary>One message to hand to a relay's server.</summary>
/// <param name="MailFrom">The envelope sender to give in MAIL FROM; empty for the null sender <c>&lt;&gt;</c>.</param>
/// <param name="Recipients">The envelope recipients (RCPT TO): the relay action's recipients only.</param>
/// <param name="Content">The message bytes, seekable; sent unchanged.</param>
/// <param name="Credentials">The relay secret's username and password, or null for no authentication.</param>
public sealed record RelayDeliveryRequest(
    string ServerName,
    int ServerPort,
    RelayCredentials? Credentials,
    string MailFrom,
    IReadOnlyList<string> Recipients,
    Stream Content);
