using System.Net;
using System.Security.Authentication;

namespace MailManager.Smtp;

/// <summary>Immutable facts about one received message, handed to <see cref="ISmtpMessageSink.CommitAsync"/>.</summary>
public sealed class SmtpEnvelope
{
    /// <summary>Endpoint that received the message.</summary>
    public required string EndpointId { get; init; }

    /// <summary>Session (connection) id, as in the <c>Received:</c> header.</summary>
    public required string SessionId { get; init; }

    /// <summary>The client's IP address.</summary>
    public required IPAddress RemoteAddress { get; init; }

    /// <summary>Name the client gave in EHLO/HELO.</summary>
    public required string HeloName { get; init; }

    /// <summary>TLS version of the session, or <see cref="SslProtocols.None"/>.</summary>
    public SslProtocols TlsProtocol { get; init; }

    /// <summary>The TLS version as the <c>Received:</c> header names it (<c>TLSv1.3</c>), or null without TLS.</summary>
    public string? TlsProtocolName => TlsProtocol == SslProtocols.None ? null : Internal.ReceivedHeader.ProtocolName(TlsProtocol);

    /// <summary>TLS cipher suite, or null without TLS.</summary>
    public string? TlsCipherSuite { get; init; }

    /// <summary>Whether the session authenticated.</summary>
    public bool IsAuthenticated => AuthenticatedUser is not null;

    /// <summary>The username that authenticated, or null.</summary>
    public string? AuthenticatedUser { get; init; }

    /// <summary>Envelope sender (MAIL FROM) without angle brackets; empty for the null sender.</summary>
    public required string MailFrom { get; init; }

    /// <summary>Accepted recipients, in the order given.</summary>
    public required IReadOnlyList<string> Recipients { get; init; }

    /// <summary>Bytes written to <see cref="ISmtpMessageSink.Content"/>: the added <c>Received:</c> header plus the dot-unstuffed body.</summary>
    public long SizeBytes { get; init; }

    /// <summary>The BODY parameter of MAIL FROM.</summary>
    public SmtpBodyType BodyType { get; init; }

    /// <summary>Whether MAIL FROM carried SMTPUTF8 (internationalised addresses/headers, RFC 6531).</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>When the end of data was received.</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}
