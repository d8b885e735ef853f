using System.Net;
using System.Security.Authentication;

namespace MailManager.Smtp;

/// <summary>
/// What the engine knows about a live session. The engine updates it as the session advances (HELO, STARTTLS,
/// AUTH), so read it when a callback is made rather than caching it; use <see cref="SmtpEnvelope"/> for a snapshot.
/// </summary>
public sealed class SmtpSessionInfo
{
    internal SmtpSessionInfo(string sessionId, string endpointId, IPEndPoint remoteEndPoint, IPEndPoint? localEndPoint)
    {
        SessionId = sessionId;
        EndpointId = endpointId;
        RemoteEndPoint = remoteEndPoint;
        LocalEndPoint = localEndPoint;
        ConnectedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Random id of this connection, used in logs and the <c>Received:</c> header.</summary>
    public string SessionId { get; }

    /// <summary>Id of the endpoint the client connected to.</summary>
    public string EndpointId { get; }

    /// <summary>The client's address and port.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The local address and port the client connected to.</summary>
    public IPEndPoint? LocalEndPoint { get; }

    /// <summary>When the connection was accepted.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The name given in EHLO/HELO, or null before it (and again right after STARTTLS).</summary>
    public string? HeloName { get; internal set; }

    /// <summary>Whether the client greeted with EHLO (rather than HELO).</summary>
    public bool IsExtendedHello { get; internal set; }

    /// <summary>Negotiated TLS version, or <see cref="SslProtocols.None"/> before STARTTLS.</summary>
    public SslProtocols TlsProtocol { get; internal set; }

    /// <summary>The negotiated version as the <c>Received:</c> header names it (<c>TLSv1.3</c>), or null without TLS.</summary>
    public string? TlsProtocolName => TlsProtocol == SslProtocols.None ? null : Internal.ReceivedHeader.ProtocolName(TlsProtocol);

    /// <summary>Negotiated cipher suite (IANA name, e.g. <c>TLS_AES_256_GCM_SHA384</c>), or null without TLS.</summary>
    public string? TlsCipherSuite { get; internal set; }

    /// <summary>Whether the session is encrypted.</summary>
    public bool IsTls => TlsProtocol != SslProtocols.None;

    /// <summary>Whether AUTH succeeded in this session.</summary>
    public bool IsAuthenticated => AuthenticatedUser is not null;

    /// <summary>The username that authenticated, or null.</summary>
    public string? AuthenticatedUser { get; internal set; }
}
