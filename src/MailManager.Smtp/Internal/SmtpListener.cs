using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Text;

using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace MailManager.Smtp.Internal;

/// <summary>
/// One bound endpoint, on one or more addresses: accepts connections, enforces connection limits (per endpoint, across
/// its addresses), runs sessions and drains them on stop.
/// </summary>
internal sealed partial class SmtpListener
{
    private readonly SmtpEndpoint _endpoint;
    private readonly ISmtpEndpointHandler _handler;
    // One socket per address of the endpoint (25 and 587, say), each with its own accept loop.
    private readonly IReadOnlyList<IConnectionListener> _listeners;
    private readonly SslStreamCertificateContext? _certificate;
    private readonly SmtpServerOptions _options;
    private readonly ClientIpLimiter _ipLimiter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Action<Exception> _onAcceptFailed;
    private readonly ConcurrentDictionary<SmtpSession, Task> _sessions = new();
    private Task[] _acceptLoops = [];
    private int _activeCount;
    private volatile bool _unbinding;

    public SmtpListener(
        SmtpEndpoint endpoint,
        ISmtpEndpointHandler handler,
        IReadOnlyList<IConnectionListener> listeners,
        SslStreamCertificateContext? certificate,
        SmtpServerOptions options,
        ClientIpLimiter ipLimiter,
        ILoggerFactory loggerFactory,
        Action<Exception> onAcceptFailed)
    {
        _endpoint = endpoint;
        _handler = handler;
        _listeners = listeners;
        _certificate = certificate;
        _options = options;
        _ipLimiter = ipLimiter;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SmtpListener>();
        _onAcceptFailed = onAcceptFailed;
        IReadOnlyList<IPEndPoint> asked = endpoint.AllEndPoints;
        BoundEndPoints = [.. listeners.Select((l, i) => l.EndPoint as IPEndPoint ?? asked[i])];
    }

    /// <summary>The addresses actually bound, in the order of <see cref="SmtpEndpoint.AllEndPoints"/>.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints { get; }

    public IPEndPoint BoundEndPoint => BoundEndPoints[0];

    public int ActiveSessionCount => Volatile.Read(ref _activeCount);

    public void Start() => _acceptLoops = [.. _listeners.Select(AcceptLoopAsync)];

    /// <summary>Stops accepting: from here on every port of the endpoint refuses connections.</summary>
    public async Task UnbindAsync()
    {
        _unbinding = true;
        await Task.WhenAll(_listeners.Select(l => l.UnbindAsync().AsTask())).ConfigureAwait(false);
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets idle sessions go with 421 4.3.2 and sessions inside DATA finish their message, aborts whatever is
    /// still running after the drain timeout, then releases the socket.
    /// </summary>
    public async Task DrainAsync()
    {
        foreach (SmtpSession session in _sessions.Keys)
        {
            session.RequestDrain();
        }

        Task all = Task.WhenAll(_sessions.Values);
        try
        {
            await all.WaitAsync(_options.DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(_logger, _endpoint.EndpointId, _sessions.Count);
            foreach (SmtpSession session in _sessions.Keys)
            {
                session.Abort();
            }

            await all.ConfigureAwait(false);
        }

        foreach (IConnectionListener listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        while (true)
        {
            ConnectionContext? connection;
            try
            {
                connection = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (_unbinding)
            {
                LogAcceptStopped(_logger, _endpoint.EndpointId, ex.Message);
                return;
            }
            catch (Exception ex)
            {
                LogAcceptFailed(_logger, ex, _endpoint.EndpointId);
                _onAcceptFailed(ex);
                return;
            }

            if (connection is null)
            {
                return;
            }

            Accept(connection);
        }
    }

    private void Accept(ConnectionContext connection)
    {
        IPAddress address = ClientAddress.Of(connection);
        if (Interlocked.Increment(ref _activeCount) > _options.MaxConnectionsPerEndpoint)
        {
            Interlocked.Decrement(ref _activeCount);
            _ = RefuseAsync(connection, "Too many connections to this endpoint, try again later");
            return;
        }

        if (!_ipLimiter.TryAcquire(address))
        {
            Interlocked.Decrement(ref _activeCount);
            _ = RefuseAsync(connection, "Too many connections from your address, try again later");
            return;
        }

        SmtpSession session = new(_options, _endpoint, _handler, _certificate, connection, _loggerFactory.CreateLogger<SmtpSession>());

        // Registered before it starts, so a session that ends at once cannot leave a stale entry behind.
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _sessions[session] = done.Task;
        _ = RunSessionAsync(session, address, done);
    }

    private async Task RunSessionAsync(SmtpSession session, IPAddress address, TaskCompletionSource done)
    {
        try
        {
            // Leave the accept loop right away: the session's first awaits may complete synchronously.
            await Task.Yield();
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _ipLimiter.Release(address);
            Interlocked.Decrement(ref _activeCount);
            _sessions.TryRemove(session, out _);
            done.SetResult();
        }
    }

    private async Task RefuseAsync(ConnectionContext connection, string reason)
    {
        LogRefused(_logger, _endpoint.EndpointId, connection.RemoteEndPoint, reason);
        try
        {
            using CancellationTokenSource grace = new(TimeSpan.FromSeconds(5));
            await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes($"421 4.7.0 {_options.ServerName} {reason}\r\n"), grace.Token).ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
            await connection.Transport.Input.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ConnectionResetException or ObjectDisposedException)
        {
            // The refused client is already gone.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP endpoint {EndpointId}: refused connection from {RemoteEndPoint}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string endpointId, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMTP endpoint {EndpointId}: accepting connections failed")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception, string endpointId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP endpoint {EndpointId}: accept loop ended while unbinding: {Reason}")]
    private static partial void LogAcceptStopped(ILogger logger, string endpointId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP endpoint {EndpointId}: drain timeout expired, aborting {Count} sessions")]
    private static partial void LogDrainTimedOut(ILogger logger, string endpointId, int count);
}
