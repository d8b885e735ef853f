using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MailManager.Smtp;

/// <summary>Describes one ingress endpoint to listen for; passed to <see cref="SmtpListenerManager.StartListenerAsync"/>.</summary>
public sealed class SmtpEndpoint
{
    /// <summary>The endpoint id (e.g. <c>inp-1abc2de3fghi4jkl5mnop6qr</c>); keys the listener and is handed to the handler.</summary>
    public required string EndpointId { get; init; }

    /// <summary>Address and port to bind; port 0 picks a free port (see <see cref="SmtpListenerStartResult.BoundEndPoint"/>).</summary>
    public required IPEndPoint EndPoint { get; init; }

    /// <summary>
    /// More addresses the same endpoint listens on, such as port 587 next to 25. They share the endpoint's
    /// handler and its <see cref="SmtpServerOptions.MaxConnectionsPerEndpoint"/>, and are bound and unbound with
    /// <see cref="EndPoint"/> as one: a start succeeds only when every address is bound.
    /// </summary>
    public IReadOnlyList<IPEndPoint> AdditionalEndPoints { get; init; } = [];

    /// <summary><see cref="EndPoint"/> then <see cref="AdditionalEndPoints"/>.</summary>
    internal IReadOnlyList<IPEndPoint> AllEndPoints => [EndPoint, .. AdditionalEndPoints];

    /// <summary>Open or Authenticated.</summary>
    public SmtpAuthMode AuthMode { get; init; } = SmtpAuthMode.Open;

    /// <summary>Whether STARTTLS is required before MAIL.</summary>
    public SmtpTlsPolicy TlsPolicy { get; init; } = SmtpTlsPolicy.Optional;

    /// <summary>
    /// Certificate (with private key) for STARTTLS; usually the server-wide one from <see cref="SmtpCertificates.LoadConfigured"/>.
    /// Without one STARTTLS is not offered, so it is mandatory for Required-TLS endpoints and for Authenticated
    /// endpoints unless <see cref="SmtpServerOptions.AllowPlaintextAuth"/> is set. The caller keeps ownership.
    /// </summary>
    public X509Certificate2? Certificate { get; init; }
}
