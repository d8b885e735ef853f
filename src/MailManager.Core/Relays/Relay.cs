using MailManager.Core.Common;

namespace MailManager.Core.Relays;

/// <summary>
/// An SMTP relay (SES <c>Relay</c>): the downstream server that a rule's relay action
/// delivers to. <see cref="SecretId"/> null means <c>NoAuthentication</c>.
/// </summary>
public sealed class Relay : IHasTimestamps
{
    public string RelayId { get; set; } = "";
    public string RelayName { get; set; } = "";
    public string ServerName { get; set; } = "";
    public int ServerPort { get; set; }
    public string? SecretId { get; set; }
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset LastModifiedTimestamp { get; set; }

    public bool IsAuthenticated => SecretId is not null;
}
