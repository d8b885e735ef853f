using System.Net;
using System.Net.Security;
using System.Net.Sockets;

using MailManager.Smtp.Internal;

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailManager.Smtp;

/// <summary>
/// Starts and stops one SMTP listener per endpoint while the application runs. Thread-safe; register it as a
/// singleton and dispose it at shutdown (which stops every listener with a drain).
/// </summary>
public sealed partial class SmtpListenerManager : IAsyncDisposable
{
    private readonly SmtpServerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IConnectionListenerFactory _transport;
    private readonly ClientIpLimiter _ipLimiter;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Changed only under both the gate and _stateLock; read under either.
    private readonly Dictionary<string, SmtpListener> _listeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SmtpListenerStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Lock _stateLock = new();
    private bool _disposed;

    /// <summary>Creates the manager; throws <see cref="OptionsValidationException"/> when the options are invalid.</summary>
    public SmtpListenerManager(IOptions<SmtpServerOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ValidateOptionsResult validation = new SmtpServerOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SmtpServerOptions), validation.Failures);
        }

        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SmtpListenerManager>();

        // A transport of our own, apart from Kestrel's HTTP one, so SMTP socket settings never leak into HTTP's.
        _transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), _loggerFactory);
        _ipLimiter = new ClientIpLimiter(_options.MaxConnectionsPerClientIp);
    }

    /// <summary>
    /// Raised on every status change (Starting, Listening, Stopping, Stopped, Failed). Handlers run synchronously on
    /// the thread making the change and must not block; exceptions they throw are logged and ignored.
    /// </summary>
    public event EventHandler<SmtpListenerStatusChangedEventArgs>? StatusChanged;

    /// <summary>
    /// Binds the endpoint's addresses and starts accepting. When this returns a success every port accepts
    /// connections (the host may mark the endpoint Active). Failures come back as a result, not an exception,
    /// with no address left bound.
    /// </summary>
    public async Task<SmtpListenerStartResult> StartListenerAsync(SmtpEndpoint endpoint, ISmtpEndpointHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint.EndpointId);
        ArgumentNullException.ThrowIfNull(endpoint.EndPoint);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            string id = endpoint.EndpointId;
            if (_listeners.ContainsKey(id))
            {
                return SmtpListenerStartResult.Failure(SmtpListenerFailureReason.AlreadyListening, $"Endpoint {id} is already listening.");
            }

            bool needsTls = endpoint.TlsPolicy == SmtpTlsPolicy.Required
                || (endpoint.AuthMode == SmtpAuthMode.Authenticated && !_options.AllowPlaintextAuth);
            if (endpoint.Certificate is { HasPrivateKey: false })
            {
                return Fail(id, SmtpListenerFailureReason.CertificateRequired, "The endpoint's certificate has no private key.", null);
            }

            if (needsTls && endpoint.Certificate is null)
            {
                return Fail(id, SmtpListenerFailureReason.CertificateRequired, "The endpoint requires STARTTLS but has no certificate.", null);
            }

            SetStatus(new SmtpListenerStatusChangedEventArgs(id, SmtpListenerStatus.Starting));
            // Every address or none: an endpoint half bound would look Listening while refusing on some port.
            List<IConnectionListener> bound = [];
            foreach (IPEndPoint address in endpoint.AllEndPoints)
            {
                try
                {
                    bound.Add(await _transport.BindAsync(address, cancellationToken).ConfigureAwait(false));
                }
                catch (AddressInUseException ex)
                {
                    await ReleaseAsync(bound).ConfigureAwait(false);
                    return Fail(id, SmtpListenerFailureReason.AddressInUse, $"Address already in use: {address}", ex, address);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
                {
                    await ReleaseAsync(bound).ConfigureAwait(false);
                    return Fail(id, SmtpListenerFailureReason.AccessDenied, $"Permission denied binding {address}", ex, address);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await ReleaseAsync(bound).ConfigureAwait(false);
                    return Fail(id, SmtpListenerFailureReason.Other, $"Could not listen on {address}: {ex.Message}", ex, address);
                }
                catch (OperationCanceledException)
                {
                    await ReleaseAsync(bound).ConfigureAwait(false);
                    SetStatus(new SmtpListenerStatusChangedEventArgs(id, SmtpListenerStatus.Stopped));
                    throw;
                }
            }

            SslStreamCertificateContext? certificate = endpoint.Certificate is null
                ? null
                : SslStreamCertificateContext.Create(endpoint.Certificate, additionalCertificates: null, offline: true);
            SmtpListener listener = null!;
            listener = new SmtpListener(endpoint, handler, bound, certificate, _options, _ipLimiter, _loggerFactory, ex => _ = OnAcceptFailedAsync(id, listener, ex));
            lock (_stateLock)
            {
                _listeners[id] = listener;
            }

            listener.Start();
            LogListening(_logger, id, listener.BoundEndPoint);
            SetStatus(new SmtpListenerStatusChangedEventArgs(id, SmtpListenerStatus.Listening, listener.BoundEndPoint));
            return SmtpListenerStartResult.Success(listener.BoundEndPoints);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the endpoint's listener: the port refuses new connections at once, idle sessions get 421 4.3.2, a
    /// session inside DATA finishes its message, and stragglers are aborted after <see cref="SmtpServerOptions.DrainTimeout"/>.
    /// Completes when every session is closed. Returns false if the endpoint was not listening.
    /// </summary>
    public async Task<bool> StopListenerAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpointId);
        SmtpListener? listener;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_stateLock)
            {
                if (!_listeners.Remove(endpointId, out listener))
                {
                    return false;
                }
            }

            SetStatus(new SmtpListenerStatusChangedEventArgs(endpointId, SmtpListenerStatus.Stopping, listener.BoundEndPoint));

            // Unbinding happens under the gate so a restart of the same endpoint can rebind the port right after.
            await listener.UnbindAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        await listener.DrainAsync().ConfigureAwait(false);
        LogStopped(_logger, endpointId);
        lock (_stateLock)
        {
            // A restart may already have replaced this listener; do not report it as stopped then.
            if (_listeners.ContainsKey(endpointId))
            {
                return true;
            }
        }

        SetStatus(new SmtpListenerStatusChangedEventArgs(endpointId, SmtpListenerStatus.Stopped));
        return true;
    }

    /// <summary>Stops every listener concurrently, each with its drain.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken = default)
    {
        string[] ids;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ids = [.. _listeners.Keys];
        }
        finally
        {
            _gate.Release();
        }

        await Task.WhenAll(ids.Select(id => StopListenerAsync(id, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Whether the endpoint's listener is bound and accepting.</summary>
    public bool IsListening(string endpointId) => GetStatus(endpointId) == SmtpListenerStatus.Listening;

    /// <summary>The endpoint's current status (<see cref="SmtpListenerStatus.NotStarted"/> if never started).</summary>
    public SmtpListenerStatus GetStatus(string endpointId)
    {
        lock (_stateLock)
        {
            return _statuses.GetValueOrDefault(endpointId, SmtpListenerStatus.NotStarted);
        }
    }

    /// <summary>Every address the endpoint is bound to, in the order asked for; empty when it is not listening.</summary>
    public IReadOnlyList<IPEndPoint> GetBoundEndPoints(string endpointId)
    {
        lock (_stateLock)
        {
            return _listeners.TryGetValue(endpointId, out SmtpListener? listener) ? listener.BoundEndPoints : [];
        }
    }

    /// <summary>The (first) address the endpoint is bound to, or null when it is not listening.</summary>
    public IPEndPoint? GetBoundEndPoint(string endpointId)
    {
        lock (_stateLock)
        {
            return _listeners.TryGetValue(endpointId, out SmtpListener? listener) ? listener.BoundEndPoint : null;
        }
    }

    /// <summary>Sessions currently open on the endpoint (0 when it is not listening).</summary>
    public int GetActiveSessionCount(string endpointId)
    {
        lock (_stateLock)
        {
            return _listeners.TryGetValue(endpointId, out SmtpListener? listener) ? listener.ActiveSessionCount : 0;
        }
    }

    /// <summary>Stops every listener (with drain) and refuses further starts.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAllAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        _gate.Release();
    }

    private async Task OnAcceptFailedAsync(string endpointId, SmtpListener listener, Exception exception)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_listeners.TryGetValue(endpointId, out SmtpListener? current) || current != listener)
            {
                return;
            }

            lock (_stateLock)
            {
                _listeners.Remove(endpointId);
            }

            // The endpoint's other addresses stop too: it is Failed as a whole, and a restart rebinds them all.
            await listener.UnbindAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        SetStatus(new SmtpListenerStatusChangedEventArgs(endpointId, SmtpListenerStatus.Failed, null, SmtpListenerFailureReason.Other, exception.Message));
        await listener.DrainAsync().ConfigureAwait(false);
    }

    private SmtpListenerStartResult Fail(string endpointId, SmtpListenerFailureReason reason, string message, Exception? exception, IPEndPoint? failedEndPoint = null)
    {
        LogStartFailed(_logger, endpointId, message);
        SetStatus(new SmtpListenerStatusChangedEventArgs(endpointId, SmtpListenerStatus.Failed, null, reason, message));
        return SmtpListenerStartResult.Failure(reason, message, exception, failedEndPoint);
    }

    // The addresses bound before one failed: released at once, so a retry (or another program) can have them.
    private static async Task ReleaseAsync(List<IConnectionListener> bound)
    {
        foreach (IConnectionListener listener in bound)
        {
            await listener.UnbindAsync().ConfigureAwait(false);
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void SetStatus(SmtpListenerStatusChangedEventArgs change)
    {
        lock (_stateLock)
        {
            _statuses[change.EndpointId] = change.Status;
        }

        try
        {
            StatusChanged?.Invoke(this, change);
        }
        catch (Exception ex)
        {
            LogStatusHandlerFailed(_logger, ex, change.EndpointId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP endpoint {EndpointId} listening on {EndPoint}")]
    private static partial void LogListening(ILogger logger, string endpointId, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP endpoint {EndpointId} stopped")]
    private static partial void LogStopped(ILogger logger, string endpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP endpoint {EndpointId} could not start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string endpointId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A StatusChanged handler threw for SMTP endpoint {EndpointId}")]
    private static partial void LogStatusHandlerFailed(ILogger logger, Exception exception, string endpointId);
}
