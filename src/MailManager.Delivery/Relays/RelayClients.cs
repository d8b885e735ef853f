using MailKit;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Relays;

/// <summary>
/// The one place a MailKit client toward an SMTP relay is built and connected, so that <i>Test connection</i> and real
/// delivery greet, time out and negotiate TLS alike: our EHLO name, the configured connect and command timeouts, a
/// socket without Nagle's delay, opportunistic STARTTLS, AUTH when the relay has credentials.
/// </summary>
public sealed class RelayClients(IOptions<DeliveryOptions> options)
{
    internal RelaySmtpClient Create(IProtocolLogger? logger = null) => new(logger ?? new NullProtocolLogger())
    {
        Timeout = (int)options.Value.CommandTimeout.TotalMilliseconds,
        LocalDomain = options.Value.HeloName,
        // Opportunistic STARTTLS between MTAs (RFC 3207 §4.1, as Postfix's "may" level): the relay names no
        // certificate to expect, so a self-signed or mismatched one still beats sending in clear text.
        ServerCertificateValidationCallback = (_, _, _, _) => true,
    };

    /// <summary>Connects, upgrades with STARTTLS when offered, and authenticates, within the connect timeout.</summary>
    internal async Task ConnectAsync(RelaySmtpClient client, string serverName, int serverPort, RelayCredentials? credentials, CancellationToken ct)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectTimeout.CancelAfter(options.Value.ConnectTimeout);
        try
        {
            var socket = await RelaySocket.ConnectAsync(serverName, serverPort, connectTimeout.Token);
            await client.ConnectAsync(socket, serverName, serverPort, SecureSocketOptions.StartTlsWhenAvailable, connectTimeout.Token);
            if (credentials is { } c)
            {
                await client.AuthenticateAsync(c.UserName, c.Password, connectTimeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RelayFailure.ConnectTimeoutException();
        }
    }

    internal TimeSpan ConnectTimeout => options.Value.ConnectTimeout;
}
