using System.Net;
using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using Microsoft.Extensions.Options;

namespace MailManager.Ingress;

/// <summary>What the console shows about endpoints on this host: the A record, defaults for new endpoints, TLS facts.</summary>
public sealed class IngressEndpointInfo(IOptions<IngressOptions> options, IngressCertificate certificate, IngressPointService endpoints, HostPorts host)
{
    /// <summary>The DNS name senders use (SES's ARecord): <c>MailManager:Ingress:PublicHostName</c>.</summary>
    public string ARecord => options.Value.PublicHostName;

    public string DefaultBindAddress => options.Value.DefaultBindAddress;

    public int PortRangeStart => options.Value.PortRangeStart;

    public int PortRangeEnd => options.Value.PortRangeEnd;

    /// <summary>STARTTLS is offered on every endpoint (implicit TLS is not, as in SES).</summary>
    public bool StartTlsSupported => true;

    public string CertificateFingerprint => certificate.Fingerprint;

    public string CertificateSubject => certificate.Subject;

    /// <summary>
    /// The ports to propose for a new endpoint of <paramref name="type"/> on the default bind address: SES's when this
    /// process may bind them and neither an endpoint nor another program uses them, otherwise free ports of the
    /// configured range, with the reason.
    /// </summary>
    public async Task<IngressPortProposal> ProposePortsAsync(IngressPointType type, CancellationToken ct = default)
    {
        var existing = await endpoints.ListAsync(ct);
        var bindAddress = options.Value.DefaultBindAddress;
        var address = IPAddress.TryParse(bindAddress, out var parsed) ? parsed : IPAddress.Any;
        string? WhyTaken(int port)
        {
            if (existing.FirstOrDefault(e => e.Ports.Contains(port) && IPAddress.TryParse(e.BindAddress, out var other)
                    && IngressPortConflicts.Overlap(address, other)) is { } user)
            {
                return $"Port {port} is already used by ingress endpoint '{user.IngressPointName}'";
            }
            return host.IsFree(address, port) ? null : $"Port {port} is in use by another program on this host";
        }
        return IngressPortProposer.Propose(type, host.Privileges, options.Value.PortRangeStart, options.Value.PortRangeEnd, WhyTaken,
            options.Value.PreferStandardPorts);
    }
}
