using System.Net.Sockets;
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

    private static string Describe(Exception ex, string serverName, int serverPort) => ex switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
            $"Connection refused by {serverName}:{serverPort}: nothing is listening there.",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } =>
            $"The server name {serverName} could not be resolved.",
        SocketException se => $"Could not connect to {serverName}:{serverPort}: {se.Message}",
        AuthenticationException ae => $"Authentication failed: {ae.Message}",
        SmtpCommandException sce => $"The server replied {(int)sce.StatusCode}: {sce.Message}",
        SmtpProtocolException spe => $"SMTP protocol error: {spe.Message}",
        NotSupportedException nse => $"Not supported by the server: {nse.Message}",
        TimeoutException or OperationCanceledException or IOException { InnerException: TimeoutException } =>
            $"No answer from {serverName}:{serverPort} within {DefaultTimeout.TotalSeconds:0} seconds.",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static string Transcript(MemoryStream log) => Encoding.UTF8.GetString(log.ToArray()).TrimEnd();
}
