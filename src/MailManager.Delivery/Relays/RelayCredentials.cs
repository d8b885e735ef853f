namespace MailManager.Delivery.Relays;

/// <summary>The <c>username</c>/<c>password</c> of a relay's secret, read at the moment they are needed.</summary>
public sealed record RelayCredentials(string UserName, string Password)
{
    // Keep the password out of any log line or exception that prints the record.
    public override string ToString() => $"RelayCredentials {{ UserName = {UserName} }}";
}
