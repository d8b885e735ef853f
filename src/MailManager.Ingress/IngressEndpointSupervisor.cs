using System.Net;
using System.Threading.Channels;
using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using MailManager.Data.Messages;
using MailManager.Smtp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailManager.Ingress;

/// <summary>
/// Keeps one SMTP listener per Active endpoint, bound to every port of the endpoint, and the endpoint's status true to
/// it: Provisioning until each port really accepts connections, then Active; Updating while a changed bind address,
/// port list or TLS policy restarts it; Failed with the port and the reason (for example the port is taken), in which
/// case none of its ports listens; Closed when an administrator closes it; Deprovisioning while a deleted endpoint's
/// listener drains. Changes arrive through <see cref="IngressPointEvents"/> and are applied one at a time.
/// </summary>
public sealed partial class IngressEndpointSupervisor(
    SmtpListenerManager listeners,
    IngressPointService endpoints,
    IngressPointEvents events,
    IngressEndpointHandler handler,
    IngressCertificate certificate,
    MessageSpool spool,
    ILogger<IngressEndpointSupervisor> logger) : BackgroundService
{
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    // What each running listener was started with: a change of any of these needs a restart.
    private readonly Dictionary<string, ListenerShape> _running = new(StringComparer.Ordinal);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before any listener opens: spool files never acknowledged with 250 are not messages.
        await spool.RemoveUnacknowledgedAsync(cancellationToken);
        events.ConfigurationChanged += OnConfigurationChanged;
        foreach (var endpoint in await endpoints.ListAsync(cancellationToken))
        {
            // No listener runs yet in this process: a status saved as Active by the last run is not true now, and
            // a Failed one is tried again.
            if (endpoint.Status is IngressPointStatus.Active or IngressPointStatus.Updating or IngressPointStatus.Failed)
            {
                await endpoints.SetStatusAsync(endpoint.IngressPointId, IngressPointStatus.Provisioning, null, cancellationToken);
            }
            _changes.Writer.TryWrite(endpoint.IngressPointId);
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        events.ConfigurationChanged -= OnConfigurationChanged;
        await base.StopAsync(cancellationToken);
        await listeners.StopAllAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await ReconcileAsync(id, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReconcileFailed(ex, id);
                    await endpoints.SetStatusAsync(id, IngressPointStatus.Failed, ex.Message, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnConfigurationChanged(string id) => _changes.Writer.TryWrite(id);

    private async Task ReconcileAsync(string id, CancellationToken ct)
    {
        var endpoint = await endpoints.GetAsync(id, ct);
        if (endpoint is null)
        {
            await StopAsync(id, ct);
            return;
        }

        if (endpoint.Status == IngressPointStatus.Deprovisioning)
        {
            await StopAsync(id, ct);
            await endpoints.RemoveAsync(id, ct);
            events.RaiseConfigurationChanged(id);
            LogRemoved(id);
            return;
        }

        if (endpoint.DesiredStatus == IngressPointStatusToUpdate.Closed)
        {
            await StopAsync(id, ct);
            await endpoints.SetStatusAsync(id, IngressPointStatus.Closed, null, ct);
            return;
        }

        var shape = ListenerShape.Of(endpoint);
        if (_running.TryGetValue(id, out var current) && listeners.IsListening(id))
        {
            if (current == shape)
            {
                // Rule set, policy or password changes need no restart: they are read per session.
                if (endpoint.Status != IngressPointStatus.Active)
                {
                    await endpoints.SetStatusAsync(id, IngressPointStatus.Active, null, ct);
                }
                return;
            }
            await endpoints.SetStatusAsync(id, IngressPointStatus.Updating, null, ct);
            await StopAsync(id, ct);
        }
        else if (endpoint.Status is IngressPointStatus.Failed or IngressPointStatus.Closed)
        {
            // An existing endpoint being changed or reopened (a Failed one given a free port, say): SES says Updating.
            await endpoints.SetStatusAsync(id, IngressPointStatus.Updating, null, ct);
        }
        else if (endpoint.Status is not (IngressPointStatus.Provisioning or IngressPointStatus.Updating))
        {
            await endpoints.SetStatusAsync(id, IngressPointStatus.Provisioning, null, ct);
        }

        var address = IPAddress.Parse(endpoint.BindAddress);
        var result = await listeners.StartListenerAsync(new SmtpEndpoint
        {
            EndpointId = id,
            EndPoint = new IPEndPoint(address, endpoint.Ports[0]),
            AdditionalEndPoints = [.. endpoint.Ports.Skip(1).Select(port => new IPEndPoint(address, port))],
            AuthMode = endpoint.Type == IngressPointType.Auth ? SmtpAuthMode.Authenticated : SmtpAuthMode.Open,
            TlsPolicy = endpoint.TlsPolicy == TlsPolicy.Required ? SmtpTlsPolicy.Required : SmtpTlsPolicy.Optional,
            Certificate = certificate.Certificate,
        }, handler, ct);

        if (result.Succeeded)
        {
            _running[id] = shape;
            await endpoints.SetStatusAsync(id, IngressPointStatus.Active, null, ct);
            LogListening(id, string.Join(", ", result.BoundEndPoints));
        }
        else
        {
            var reason = FailureReason(endpoint, result);
            await endpoints.SetStatusAsync(id, IngressPointStatus.Failed, reason, ct);
            LogFailed(id, reason);
        }
    }

    /// <summary>Which port failed and why, in the words of the detail page; with several ports, that none listens.</summary>
    private static string FailureReason(IngressPoint endpoint, SmtpListenerStartResult result)
    {
        var port = result.FailedEndPoint?.Port;
        var reason = (result.FailureReason, port) switch
        {
            (SmtpListenerFailureReason.AddressInUse, { } p) => $"Port {p} on {endpoint.BindAddress} is already in use by another program.",
            (SmtpListenerFailureReason.AccessDenied, { } p) => $"Not allowed to listen on port {p}: ports below 1024 need root or CAP_NET_BIND_SERVICE.",
            (_, { } p) => $"Port {p} on {endpoint.BindAddress}: {result.Message}",
            _ => result.Message ?? result.FailureReason.ToString(),
        };
        // The engine binds all ports or none: say so, or the others look as if they worked.
        return port is not null && endpoint.Ports.Count > 1
            ? $"{reason} The endpoint listens on none of its ports ({string.Join(", ", endpoint.Ports)}) until all of them can be bound."
            : reason;
    }

    private async Task StopAsync(string id, CancellationToken ct)
    {
        _running.Remove(id);
        await listeners.StopListenerAsync(id, ct);
    }

    // Ports as text: a record compares a list by reference, and "25,587" compares by value.
    private sealed record ListenerShape(string BindAddress, string Ports, IngressPointType Type, TlsPolicy TlsPolicy)
    {
        public static ListenerShape Of(IngressPoint endpoint) =>
            new(endpoint.BindAddress, string.Join(",", endpoint.Ports), endpoint.Type, endpoint.TlsPolicy);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingress endpoint {IngressPointId} is listening on {EndPoint}")]
    private partial void LogListening(string ingressPointId, string endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingress endpoint {IngressPointId} failed: {Reason}")]
    private partial void LogFailed(string ingressPointId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingress endpoint {IngressPointId} was removed")]
    private partial void LogRemoved(string ingressPointId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not apply the configuration of ingress endpoint {IngressPointId}")]
    private partial void LogReconcileFailed(Exception ex, string ingressPointId);
}
