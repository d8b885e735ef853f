using System.Net;
using System.Net.Sockets;
using MailManager.Data.IngressPoints;
using Microsoft.Extensions.Options;

namespace MailManager.Ingress;

/// <summary>What the console shows about endpoints on this host: the A record, defaults for new endpoints, TLS facts.</summary>
public sealed class IngressEndpointInfo(IOptions<IngressOptions> options, IngressCertificate certificate, IngressPointService endpoints)
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

    /// <summary>A port of the configured range that no endpoint uses and nothing on this host listens on.</summary>
    public Task<int?> ProposePortAsync(CancellationToken ct = default) =>
        endpoints.ProposePortAsync(options.Value.PortRangeStart, options.Value.PortRangeEnd, IsFreeOnHost, ct);

    private bool IsFreeOnHost(int port)
    {
        try
        {
            var address = IPAddress.TryParse(options.Value.DefaultBindAddress, out var parsed) ? parsed : IPAddress.Any;
            using var probe = new TcpListener(address, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
