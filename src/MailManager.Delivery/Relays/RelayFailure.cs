using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.Messages;

namespace MailManager.Delivery.Relays;

/// <summary>
/// Turns what went wrong talking to a relay into an outcome and a line for the message log. Only a 5xx reply
/// from the server is permanent; everything else (4xx, no connection, DNS, timeouts, broken connections, TLS and
/// AUTH trouble) may clear up, so it is retried until the retry lifetime runs out.
/// </summary>
internal static class RelayFailure
{
    public static (DeliveryOutcome Outcome, string Reply) Classify(Exception ex, string serverName, int serverPort, TimeSpan connectTimeout) => ex switch
    {
        SmtpCommandException sce => (OfCode((int)sce.StatusCode), Reply((int)sce.StatusCode, sce.Message)),
        // Like Postfix's smtp_sasl_auth_soft_bounce: refused credentials are ours to fix (the relay's secret),
        // so the mail waits for the fix instead of failing for good.
        AuthenticationException ae => (DeliveryOutcome.TemporaryFailure, $"Authentication to {serverName}:{serverPort} failed: {OneLine(ae.Message)}"),
        NotSupportedException nse => (DeliveryOutcome.TemporaryFailure, $"Not supported by {serverName}:{serverPort}: {OneLine(nse.Message)}"),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
            (DeliveryOutcome.TemporaryFailure, $"Connection refused by {serverName}:{serverPort}"),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
            (DeliveryOutcome.TemporaryFailure, $"The server name {serverName} could not be resolved"),
        SocketException se => (DeliveryOutcome.TemporaryFailure, $"Could not connect to {serverName}:{serverPort}: {OneLine(se.Message)}"),
        SslHandshakeException she => (DeliveryOutcome.TemporaryFailure, $"TLS handshake with {serverName}:{serverPort} failed: {OneLine(she.Message)}"),
        ConnectTimeoutException => (DeliveryOutcome.TemporaryFailure, $"No connection to {serverName}:{serverPort} within {connectTimeout.TotalSeconds:0.###} seconds"),
        TimeoutException or IOException { InnerException: TimeoutException } =>
            (DeliveryOutcome.TemporaryFailure, $"{serverName}:{serverPort} did not answer in time"),
        SmtpProtocolException spe => (DeliveryOutcome.TemporaryFailure, $"SMTP protocol error with {serverName}:{serverPort}: {OneLine(spe.Message)}"),
        IOException io => (DeliveryOutcome.TemporaryFailure, $"Connection to {serverName}:{serverPort} failed: {OneLine(io.Message)}"),
        _ => (DeliveryOutcome.TemporaryFailure, $"{ex.GetType().Name} talking to {serverName}:{serverPort}: {OneLine(ex.Message)}"),
    };

    public static (DeliveryOutcome Outcome, string Reply) Of(SmtpResponse response) =>
        (OfCode((int)response.StatusCode), Reply((int)response.StatusCode, response.Response));

    public static string Reply(int code, string text) => $"{code} {OneLine(text)}";

    private static DeliveryOutcome OfCode(int code) =>
        code is >= 500 and < 600 ? DeliveryOutcome.PermanentFailure : DeliveryOutcome.TemporaryFailure;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>Connecting took longer than the configured connect timeout.</summary>
    internal sealed class ConnectTimeoutException() : TimeoutException("Connecting timed out.");
}
