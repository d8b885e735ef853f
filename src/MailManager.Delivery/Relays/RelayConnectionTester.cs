using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace MailManager.Delivery.Relays;

/// <summary>
/// Connects to a relay's server as delivery will: EHLO, STARTTLS when offered, AUTH when the relay
/// has credentials; then QUIT without sending anything.
/// </summary>
public sealed class RelayConnectionTester
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public async Task<RelayConnectionTestResult> TestAsync(
        string serverName, int serverPort, RelayCredentials? credentials, CancellationToken ct = default)
    {
        using var log = new MemoryStream();
        using var client = new SmtpClient(new ProtocolLogger(log, leaveOpen: true) { RedactSecrets = true })
        {
            Timeout = (int)DefaultTimeout.TotalMilliseconds,
            // Opportunistic STARTTLS toward a relay, as between MTAs: a self-signed or mismatched
            // certificate still encrypts, so it is reported in the summary rather than refused.
            ServerCertificateValidationCallback = (_, _, _, _) => true,
        };

        try
        {
            await client.ConnectAsync(serverName, serverPort, SecureSocketOptions.StartTlsWhenAvailable, ct);
            var tls = client.IsEncrypted ? $"TLS {client.SslProtocol}" : "no TLS (STARTTLS not offered)";

            if (credentials is not null)
            {
                await client.AuthenticateAsync(credentials.UserName, credentials.Password, ct);
            }

            await client.DisconnectAsync(quit: true, ct);
            var auth = credentials is null ? "no authentication" : $"authenticated as {credentials.UserName}";
            return new RelayConnectionTestResult(true, $"Connected to {serverName}:{serverPort} with {tls}, {auth}.", Transcript(log));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new RelayConnectionTestResult(false, Describe(ex, serverName, serverPort), Transcript(log));
        }
    }

    // The same words the message log uses for a failed delivery, so a test and a real attempt read alike.
    private static string Describe(Exception ex, string serverName, int serverPort) =>
        RelayFailure.Classify(ex, serverName, serverPort, DefaultTimeout).Reply;

    private static string Transcript(MemoryStream log) => Encoding.UTF8.GetString(log.ToArray()).TrimEnd();
}
