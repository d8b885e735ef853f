namespace MailManager.Core.IngressPoints;

/// <summary>
/// What "General details" → Edit changes: the status an administrator asks for, where the endpoint listens and its
/// TLS policy. A change of the bind address, the ports or the TLS policy restarts the listener (Updating).
/// </summary>
public sealed class IngressPointGeneralDraft : IIngressNetworkDraft
{
    public IngressPointStatusToUpdate Status { get; set; }
    public string BindAddress { get; set; } = "0.0.0.0";
    public List<IngressPortDraft> Ports { get; set; } = [new()];
    public TlsPolicy TlsPolicy { get; set; }

    public static IngressPointGeneralDraft Of(IngressPoint endpoint) => new()
    {
        Status = endpoint.DesiredStatus,
        BindAddress = endpoint.BindAddress,
        Ports = IngressPortDraft.Of(endpoint.Ports),
        TlsPolicy = endpoint.TlsPolicy,
    };
}
