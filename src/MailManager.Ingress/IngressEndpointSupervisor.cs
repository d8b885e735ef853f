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
/// Keeps one SMTP listener per Active endpoint and the endpoint's status true to it: Provisioning until the
/// port really accepts connections, then Active; Failed with the reason (for example the port is taken);
/// Closed when an administrator closes it; Deprovisioning while a deleted endpoint's listener drains.
/// Changes arrive through <see cref="IngressPointEvents"/> and are applied one at a time.
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
            // No listener runs yet in this process: a status saved as Active by the last run is not true now.
            if (endpoint.Status is IngressPointStatus.Active or IngressPointStatus.Updating)
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
        else if (endpoint.Status != IngressPointStatus.Provisioning)
        {
            await endpoints.SetStatusAsync(id, IngressPointStatus.Provisioning, null, ct);
        }

        var result = await listeners.StartListenerAsync(new SmtpEndpoint
        {
            EndpointId = id,
            EndPoint = new IPEndPoint(IPAddress.Parse(endpoint.BindAddress), endpoint.Port),
            AuthMode = endpoint.Type == IngressPointType.Auth ? SmtpAuthMode.Authenticated : SmtpAuthMode.Open,
            TlsPolicy = endpoint.TlsPolicy == TlsPolicy.Required ? SmtpTlsPolicy.Required : SmtpTlsPolicy.Optional,
            Certificate = certificate.Certificate,
        }, handler, ct);

        if (result.Succeeded)
        {
            _running[id] = shape;
            await endpoints.SetStatusAsync(id, IngressPointStatus.Active, null, ct);
            LogListening(id, result.BoundEndPoint?.ToString() ?? "?");
        }
        else
        {
            var reason = result.FailureReason switch
            {
                SmtpListenerFailureReason.AddressInUse => $"Port {endpoint.Port} on {endpoint.BindAddress} is already in use by another program.",
                SmtpListenerFailureReason.AccessDenied => $"Not allowed to listen on port {endpoint.Port} (ports below 1024 need extra privileges).",
                _ => result.Message ?? result.FailureReason.ToString(),
            };
            await endpoints.SetStatusAsync(id, IngressPointStatus.Failed, reason, ct);
            LogFailed(id, reason);
        }
    }

    private async Task StopAsync(string id, CancellationToken ct)
    {
        _running.Remove(id);
        await listeners.StopListenerAsync(id, ct);
    }

    private sealed record ListenerShape(string BindAddress, int Port, IngressPointType Type, TlsPolicy TlsPolicy)
    {
        public static ListenerShape Of(IngressPoint endpoint) => new(endpoint.BindAddress, endpoint.Port, endpoint.Type, endpoint.TlsPolicy);
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
