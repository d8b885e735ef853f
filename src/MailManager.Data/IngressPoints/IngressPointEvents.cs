using MailManager.Core.IngressPoints;

namespace MailManager.Data.IngressPoints;

/// <summary>
/// In-process notifications about ingress endpoints: the supervisor listens for configuration changes to
/// start, stop or restart listeners; open console pages listen for status changes to update without a reload.
/// </summary>
public sealed class IngressPointEvents
{
    /// <summary>An endpoint was created, changed or asked to be deleted; the argument is its ID.</summary>
    public event Action<string>? ConfigurationChanged;

    /// <summary>An endpoint's status changed (Provisioning, Active, Failed, …).</summary>
    public event Action<string, IngressPointStatus>? StatusChanged;

    /// <summary>A deleted endpoint's listener has stopped and its row is gone; the argument is its ID.</summary>
    public event Action<string>? Removed;

    public void RaiseRemoved(string ingressPointId) => Removed?.Invoke(ingressPointId);

    public void RaiseConfigurationChanged(string ingressPointId) => ConfigurationChanged?.Invoke(ingressPointId);

    public void RaiseStatusChanged(string ingressPointId, IngressPointStatus status) => StatusChanged?.Invoke(ingressPointId, status);
}
