using System.Net.Sockets;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Delivery.Relays;

namespace MailManager.Delivery.Mailbox;

/// <summary>
/// Turns what went wrong talking to an LMTP server into a line for the message log, in the relay's words
/// (<see cref="RelayFailure"/>). None of it is permanent: a refused connection, a missing socket, a timeout or a
/// broken conversation may all clear up, so the mail is retried; only the server's own 5xx replies fail it for good.
/// </summary>
internal static class LmtpFailure
{
    public static (DeliveryOutcome Outcome, string Reply) Classify(Exception ex, LmtpServer server, TimeSpan connectTimeout)
    {
        var where = server.ToString();
        var reply = ex switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => $"Connection refused by {where}",
            // ENOENT on connect(2) to a Unix socket.
            SocketException { SocketErrorCode: SocketError.AddressNotAvailable } when server.IsUnixSocket => $"The socket {where} does not exist",
            SocketException { SocketErrorCode: SocketError.AccessDenied } when server.IsUnixSocket => $"Permission denied connecting to {where}",
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
                $"The server name {server.Host} could not be resolved",
            SocketException se => $"Could not connect to {where}: {OneLine(se.Message)}",
            RelayFailure.ConnectTimeoutException => $"No connection to {where} within {connectTimeout.TotalSeconds:0.###} seconds",
            TimeoutException => $"{where} did not answer in time",
            LmtpProtocolException pe => $"LMTP protocol error with {where}: {OneLine(pe.Message)}",
            LmtpContentException ce => $"The message could not be read: {OneLine(ce.Message)}",
            IOException io => $"Connection to {where} failed: {OneLine((io.InnerException ?? io).Message)}",
            _ => $"{ex.GetType().Name} talking to {where}: {OneLine(ex.Message)}",
        };
        return (DeliveryOutcome.TemporaryFailure, reply);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
