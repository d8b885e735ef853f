using System.Net;

namespace MailManager.Core.RuleSets.Conditions;

/// <summary>
/// What rule conditions look at in one accepted message, prepared once by whoever parsed it: the envelope and session,
/// and the headers as their readers see them (encoded words decoded, address headers as their addresses).
/// </summary>
public sealed class MessageFacts
{
    /// <summary>The envelope sender; empty for the null sender <c>&lt;&gt;</c>.</summary>
    public string MailFrom { get; init; } = "";
    public string? Helo { get; init; }
    public IPAddress SourceIp { get; init; } = IPAddress.None;
    public bool Tls { get; init; }

    /// <summary>TLS from the first byte (implicit TLS), not upgraded by STARTTLS.</summary>
    public bool TlsWrapped { get; init; }

    public long SizeBytes { get; init; }
    public IReadOnlyList<string> From { get; init; } = [];
    public IReadOnlyList<string> Sender { get; init; } = [];
    public IReadOnlyList<string> To { get; init; } = [];
    public IReadOnlyList<string> Cc { get; init; } = [];

    /// <summary>The decoded subject, or null without one.</summary>
    public string? Subject { get; init; }

    /// <summary>The decoded values of the <c>X-</c> headers by name (names compared without regard to case).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MimeHeaders { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Whether the sender asked for a read receipt (<c>Disposition-Notification-To</c>, RFC 8098).</summary>
    public bool ReadReceiptRequested { get; init; }
}
