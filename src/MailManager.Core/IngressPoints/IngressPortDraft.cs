namespace MailManager.Core.IngressPoints;

/// <summary>Where an endpoint listens, as the create form and "General details" → Edit both enter it.</summary>
public interface IIngressNetworkDraft
{
    string BindAddress { get; set; }
    List<IngressPortDraft> Ports { get; }
}

/// <summary>
/// One port being entered. A class rather than a bare number so that each port is a field of its own, and a
/// message about it ("already used by ingress endpoint 'mx'") lands next to that field.
/// </summary>
public sealed class IngressPortDraft
{
    public int? Port { get; set; }

    public static List<IngressPortDraft> Of(params IEnumerable<int> ports) => [.. ports.Select(p => new IngressPortDraft { Port = p })];
}
