using System.Security.Authentication;

namespace MailManager.Smtp.Internal;

/// <summary>STARTTLS (RFC 3207).</summary>
internal sealed partial class SmtpSession
{
    private async ValueTask<bool> StartTlsAsync(string arguments)
    {
        if (arguments.Length > 0)
        {
            _channel.WriteReply(501, "5.5.4", "Syntax: STARTTLS");
            return true;
        }

        if (Info.IsTls)
        {
            _channel.WriteReply(503, "5.5.1", "TLS already active");
            return true;
        }

        if (_certificate is null)
        {
            _channel.WriteReply(454, "4.7.0", "TLS not available");
            return true;
        }

        _channel.DiscardBufferedInput();
        _channel.WriteReply(220, "2.0.0", "Ready to start TLS");
        using CancellationTokenSource handshake = CancellationTokenSource.CreateLinkedTokenSource(_work.Token);
        handshake.CancelAfter(_options.CommandTimeout);
        try
        {
            await _channel.FlushAsync(handshake.Token).ConfigureAwait(false);
            await _channel.UpgradeToTlsAsync(_certificate, handshake.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException || (ex is OperationCanceledException && !_abort.IsCancellationRequested))
        {
            // Nothing can be said to the client any more: the plaintext channel is gone and TLS never came up.
            LogTlsFailed(_logger, Info.SessionId, ex.Message);
            _end = SmtpSessionEnd.TlsHandshakeFailed;
            return false;
        }

        Info.TlsProtocol = _channel.Ssl!.SslProtocol;
        Info.TlsCipherSuite = _channel.Ssl.NegotiatedCipherSuite.ToString();

        // RFC 3207 4.2: forget everything learnt before TLS; the client must greet again.
        Info.HeloName = null;
        Info.IsExtendedHello = false;
        Info.AuthenticatedUser = null;
        _transaction = null;
        return true;
    }
}
