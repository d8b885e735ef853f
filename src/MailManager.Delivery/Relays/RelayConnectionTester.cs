using System.Text;
using MailKit;

namespace MailManager.Delivery.Relays;

/// <summary>
/// Connects to a relay's server as delivery will: EHLO, STARTTLS when offered, AUTH when the relay
/// has credentials; then QUIT without sending anything.
/// </summary>
public sealed class RelayConnectionTester(RelayClients clients)
{
    public async Task<RelayConnectionTestResult> TestAsync(
        string serverName, int serverPort, RelayCredentials? credentials, CancellationToken ct = default)
    {
        using var log = new MemoryStream();
        using var client = clients.Create(new ProtocolLogger(log, leaveOpen: true) { RedactSecrets = true });

        try
        {
            await clients.ConnectAsync(client, serverName, serverPort, credentials, ct);
            var tls = client.IsEncrypted ? $"TLS {client.SslProtocol}" : "no TLS (STARTTLS not offered)";
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
    private string Describe(Exception ex, string serverName, int serverPort) =>
        RelayFailure.Classify(ex, serverName, serverPort, clients.ConnectTimeout).Reply;

    private static string Transcript(MemoryStream log) => Encoding.UTF8.GetString(log.ToArray()).TrimEnd();
}
