using System.Net;
using System.Net.Security;
using System.Security.Cryptography;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailManager.Smtp.Internal;

/// <summary>
/// One SMTP conversation on one connection: the command loop and the small commands. AUTH, MAIL/RCPT, DATA and
/// STARTTLS live in the other parts of this partial class.
/// </summary>
internal sealed partial class SmtpSession
{
    private readonly SmtpServerOptions _options;
    private readonly SmtpEndpoint _endpoint;
    private readonly ISmtpEndpointHandler _handler;
    private readonly SslStreamCertificateContext? _certificate;
    private readonly ConnectionContext _connection;
    private readonly SmtpChannel _channel;
    private readonly ILogger _logger;

    // Abort: the listener gave up on draining. Drain: the listener is stopping; only interrupts idle waits.
    // Work: abort or session timeout; handed to host callbacks. The two read sources add the command timeout
    // (armed per read by the channel); the idle one also ends on drain.
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _drain = new();
    private readonly CancellationTokenSource _sessionTimeout;
    private readonly CancellationTokenSource _work;
    private readonly CancellationTokenSource _idleRead;
    private readonly CancellationTokenSource _busyRead;

    private SmtpSessionPolicy _policy = SmtpSessionPolicy.AcceptAll;
    private SmtpTransaction? _transaction;
    private int _failedAuthAttempts;
    private int _messageCount;

    // For the host's SessionClosed summary: how the session ended and what became of its messages.
    private SmtpSessionEnd _end = SmtpSessionEnd.ClientDisconnected;
    private int _acceptedCount;
    private List<SmtpRefusedMessage>? _refusedMessages;

    public SmtpSession(
        SmtpServerOptions options,
        SmtpEndpoint endpoint,
        ISmtpEndpointHandler handler,
        SslStreamCertificateContext? certificate,
        ConnectionContext connection,
        ILogger logger)
    {
        _options = options;
        _endpoint = endpoint;
        _handler = handler;
        _certificate = certificate;
        _connection = connection;
        _logger = logger;
        _channel = new SmtpChannel(connection.Transport, options.CommandTimeout);
        _sessionTimeout = new CancellationTokenSource(options.SessionTimeout);
        _work = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, _sessionTimeout.Token);
        _idleRead = CancellationTokenSource.CreateLinkedTokenSource(_work.Token, _drain.Token);
        _busyRead = CancellationTokenSource.CreateLinkedTokenSource(_work.Token);
        IPEndPoint remote = connection.RemoteEndPoint is IPEndPoint endPoint
            ? new IPEndPoint(ClientAddress.Of(connection), endPoint.Port)
            : new IPEndPoint(IPAddress.None, 0);
        Info = new SmtpSessionInfo(NewId(), endpoint.EndpointId, remote, connection.LocalEndPoint as IPEndPoint);
    }

    public SmtpSessionInfo Info { get; }

    private string ServerName => _options.ServerName;

    private bool TlsAvailable => _certificate is not null;

    private bool AuthOffered => _endpoint.AuthMode == SmtpAuthMode.Authenticated && (Info.IsTls || _options.AllowPlaintextAuth);

    /// <summary>Asks the session to close at its next idle moment with 421 4.3.2.</summary>
    public void RequestDrain() => TryCancel(_drain);

    /// <summary>Ends the session now, whatever it is doing.</summary>
    public void Abort()
    {
        TryCancel(_abort);
        _connection.Abort(new ConnectionAbortedException("SMTP listener stopped."));
    }

    public async Task RunAsync()
    {
        try
        {
            await RunCoreAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (_abort.IsCancellationRequested || ex is IOException or ConnectionResetException or ConnectionAbortedException or ObjectDisposedException)
        {
            _end = _abort.IsCancellationRequested ? SmtpSessionEnd.ShuttingDown : SmtpSessionEnd.ClientDisconnected;
            LogConnectionLost(_logger, Info.SessionId, ex.Message);
        }
        catch (Exception ex)
        {
            _end = SmtpSessionEnd.Failed;
            LogSessionFailed(_logger, ex, Info.SessionId);
        }
        finally
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
            _idleRead.Dispose();
            _busyRead.Dispose();
            _work.Dispose();
            _sessionTimeout.Dispose();
            _drain.Dispose();
            _abort.Dispose();
            NotifyClosed();
        }
    }

    private void NotifyClosed()
    {
        if (_policy.SessionClosed is not { } closed)
        {
            return;
        }

        try
        {
            closed(new SmtpSessionSummary
            {
                Session = Info,
                EndedAt = DateTimeOffset.UtcNow,
                End = _end,
                FailedAuthAttempts = _failedAuthAttempts,
                MessagesAccepted = _acceptedCount,
                RefusedMessages = (IReadOnlyList<SmtpRefusedMessage>?)_refusedMessages ?? [],
            });
        }
        catch (Exception ex)
        {
            LogHandlerFailed(_logger, ex, Info.SessionId, nameof(SmtpSessionPolicy.SessionClosed));
        }
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session already ended.
        }
    }

    private static (string Verb, string Arguments) SplitCommand(string line)
    {
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line, string.Empty) : (line[..space], line[(space + 1)..].Trim(' '));
    }

    private async Task RunCoreAsync()
    {
        LogSessionOpened(_logger, Info.SessionId, _endpoint.EndpointId, Info.RemoteEndPoint);
        try
        {
            _policy = await _handler.OpenSessionAsync(Info, _work.Token).ConfigureAwait(false) ?? SmtpSessionPolicy.AcceptAll;
        }
        catch (Exception ex) when (!_abort.IsCancellationRequested)
        {
            LogHandlerFailed(_logger, ex, Info.SessionId, nameof(ISmtpEndpointHandler.OpenSessionAsync));
            _end = SmtpSessionEnd.HandlerFailed;
            await CloseWithAsync(421, "4.3.0", $"{ServerName} Service temporarily unavailable, try again later").ConfigureAwait(false);
            return;
        }

        if (_policy.RejectConnection is { } reject)
        {
            _end = SmtpSessionEnd.ConnectionRefused;
            await CloseWithAsync(reject.Code, reject.EnhancedStatusCode, reject.Message).ConfigureAwait(false);
            return;
        }

        if (_drain.IsCancellationRequested)
        {
            _end = SmtpSessionEnd.ShuttingDown;
            await CloseWithAsync(421, "4.3.2", $"{ServerName} Service shutting down").ConfigureAwait(false);
            return;
        }

        _channel.WriteReply(220, null, $"{ServerName} ESMTP");
        try
        {
            while (true)
            {
                if (_drain.IsCancellationRequested)
                {
                    _end = SmtpSessionEnd.ShuttingDown;
                    await CloseWithAsync(421, "4.3.2", $"{ServerName} Service shutting down").ConfigureAwait(false);
                    return;
                }

                SmtpLine line = await _channel.ReadLineAsync(_options.MaxLineLength, _idleRead).ConfigureAwait(false);
                if (line.Status == SmtpLineStatus.Closed)
                {
                    return;
                }

                if (line.Status == SmtpLineStatus.TooLong)
                {
                    _channel.WriteReply(500, "5.5.6", "Line too long");
                    continue;
                }

                if (!await ExecuteAsync(line.Text).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            // Drain only interrupts idle reads; a busy read (AUTH answer, DATA) that was cancelled timed out.
            _end = SmtpSessionEnd.Timeout;
            if (_drain.IsCancellationRequested && !_sessionTimeout.IsCancellationRequested && !_busyRead.IsCancellationRequested)
            {
                _end = SmtpSessionEnd.ShuttingDown;
                await CloseWithAsync(421, "4.3.2", $"{ServerName} Service shutting down").ConfigureAwait(false);
            }
            else if (_sessionTimeout.IsCancellationRequested)
            {
                await CloseWithAsync(421, "4.4.2", $"{ServerName} Session time limit exceeded, closing connection").ConfigureAwait(false);
            }
            else
            {
                await CloseWithAsync(421, "4.4.2", $"{ServerName} Timeout waiting for client input, closing connection").ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one command line; returns false when the connection must close.</summary>
    private async ValueTask<bool> ExecuteAsync(string line)
    {
        (string verb, string arguments) = SplitCommand(line);
        switch (verb.ToUpperInvariant())
        {
            case "EHLO":
                Hello(arguments, extended: true);
                return true;
            case "HELO":
                Hello(arguments, extended: false);
                return true;
            case "STARTTLS":
                return await StartTlsAsync(arguments).ConfigureAwait(false);
            case "AUTH":
                return await AuthAsync(arguments).ConfigureAwait(false);
            case "MAIL":
                Mail(arguments);
                return true;
            case "RCPT":
                await RecipientAsync(arguments).ConfigureAwait(false);
                return true;
            case "DATA":
                return await DataAsync(arguments).ConfigureAwait(false);
            case "RSET":
                _transaction = null;
                _channel.WriteReply(250, "2.0.0", "Ok");
                return true;
            case "NOOP":
                _channel.WriteReply(250, "2.0.0", "Ok");
                return true;
            case "QUIT":
                _end = SmtpSessionEnd.Quit;
                await CloseWithAsync(221, "2.0.0", $"{ServerName} Bye").ConfigureAwait(false);
                return false;
            case "VRFY":
                _channel.WriteReply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
                return true;
            case "EXPN":
                _channel.WriteReply(502, "5.5.1", "EXPN not supported");
                return true;
            case "HELP":
                _channel.WriteReply(214, "2.0.0", "Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP QUIT VRFY HELP");
                return true;
            default:
                _channel.WriteReply(500, "5.5.1", "Command unrecognized");
                return true;
        }
    }

    private void Hello(string arguments, bool extended)
    {
        string name = arguments.Split(' ', 2)[0];
        if (name.Length == 0)
        {
            _channel.WriteReply(501, "5.5.4", extended ? "Syntax: EHLO hostname" : "Syntax: HELO hostname");
            return;
        }

        // RFC 5321 4.1.4: a new greeting resets any transaction in progress.
        _transaction = null;
        Info.HeloName = name;
        Info.IsExtendedHello = extended;
        if (!extended)
        {
            _channel.WriteReply(250, null, ServerName);
            return;
        }

        List<string> lines =
        [
            ServerName,
            "PIPELINING",
            $"SIZE {MaxMessageSize}",
            "8BITMIME",
            "SMTPUTF8",
            "ENHANCEDSTATUSCODES",
        ];
        if (TlsAvailable && !Info.IsTls)
        {
            lines.Add("STARTTLS");
        }

        if (AuthOffered && !Info.IsAuthenticated)
        {
            lines.Add("AUTH LOGIN PLAIN");
        }

        _channel.WriteMultilineReply(250, lines);
    }

    private long MaxMessageSize => _policy.MaxMessageSizeBytes ?? _options.DefaultMaxMessageSizeBytes;

    /// <summary>Sends a last reply (a 221 or 421), flushes it and half-closes, bounded by a short grace period.</summary>
    private async ValueTask CloseWithAsync(int code, string enhancedCode, string text)
    {
        _channel.WriteReply(code, enhancedCode, text);
        await _channel.CloseAsync().ConfigureAwait(false);
    }
}
