using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// Where a Deliver to mailbox action hands mail over by LMTP (RFC 2033): a host and port, or a Unix domain socket
/// (as Dovecot's <c>/run/dovecot/lmtp</c>). Exactly one of <see cref="Host"/> and <see cref="SocketPath"/> is set;
/// <see cref="Port"/> is 0 for a socket. <see cref="ToString"/> gives the canonical text that <see cref="TryParse"/>
/// reads back to an equal value, so it is what storage keeps.
/// </summary>
public sealed record LmtpServer(string? Host, int Port, string? SocketPath)
{
    /// <summary>The port RFC 2033 suggests, used when the text names none.</summary>
    public const int DefaultPort = 24;

    /// <summary>What the console shows for empty or unreadable text.</summary>
    public const string EnterMessage = "Enter an LMTP server as host, host:port or an absolute Unix socket path.";

    /// <summary>Linux's sun_path holds 108 bytes, the last of them the terminating NUL.</summary>
    public const int MaxSocketPathBytes = 107;

    private const string UnixPrefix = "unix:";
    private const int MaxHostLength = 253;

    public bool IsUnixSocket => SocketPath is not null;

    public static LmtpServer Tcp(string host, int port = DefaultPort) => new(host, port, null);

    public static LmtpServer UnixSocket(string path) => new(null, 0, path);

    /// <summary>
    /// Reads <c>host</c>, <c>host:port</c>, <c>[IPv6]</c>, <c>[IPv6]:port</c>, an absolute socket path or
    /// <c>unix:</c> followed by one. Surrounding white space is ignored; host names are kept in lower case.
    /// On failure <paramref name="error"/> is a sentence for the console.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LmtpServer? server, [NotNullWhen(false)] out string? error)
    {
        server = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = EnterMessage;
            return false;
        }

        if (trimmed.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return TryParseSocketPath(trimmed[UnixPrefix.Length..].Trim(), out server, out error);
        }
        if (trimmed.Contains('/'))
        {
            return TryParseSocketPath(trimmed, out server, out error);
        }
        return TryParseTcp(trimmed, out server, out error);
    }

    /// <summary>The canonical text: the socket path, or <c>host:port</c> with IPv6 addresses in brackets.</summary>
    public override string ToString()
    {
        if (SocketPath is not null)
        {
            return SocketPath;
        }
        var host = Host ?? string.Empty;
        return host.Contains(':')
            ? $"[{host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{host}:{Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static bool TryParseSocketPath(string path, [NotNullWhen(true)] out LmtpServer? server, [NotNullWhen(false)] out string? error)
    {
        server = null;
        if (!path.StartsWith('/'))
        {
            error = "A Unix socket path must be absolute, such as /run/dovecot/lmtp.";
            return false;
        }
        if (path.EndsWith('/'))
        {
            error = "A Unix socket path names the socket, not a folder: remove the final slash.";
            return false;
        }
        if (path.Any(char.IsControl))
        {
            error = "A Unix socket path cannot contain control characters.";
            return false;
        }
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
        {
            error = $"A Unix socket path can be at most {MaxSocketPathBytes} bytes long.";
            return false;
        }
        server = UnixSocket(path);
        error = null;
        return true;
    }

    private static bool TryParseTcp(string text, [NotNullWhen(true)] out LmtpServer? server, [NotNullWhen(false)] out string? error)
    {
        server = null;
        string host;
        string? portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = "An IPv6 address in brackets needs its closing bracket, as in [2001:db8::1]:24.";
                return false;
            }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                error = EnterMessage;
                return false;
            }
            portText = rest.Length > 0 ? rest[1..] : null;
            if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = "Brackets hold an IPv6 address, as in [2001:db8::1]:24.";
                return false;
            }
            host = address.ToString();
        }
        else
        {
            var colon = text.IndexOf(':');
            if (colon >= 0 && text.IndexOf(':', colon + 1) >= 0)
            {
                error = "Write an IPv6 address in brackets, as in [2001:db8::1]:24.";
                return false;
            }
            host = colon < 0 ? text : text[..colon];
            portText = colon < 0 ? null : text[(colon + 1)..];
            if (!IsHostName(host))
            {
                error = $"The host is a name of up to {MaxHostLength} letters, numbers, hyphens (-) and periods (.), or an IP address.";
                return false;
            }
            host = host.ToLowerInvariant();
        }

        var port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = "The port must be a number between 1 and 65535.";
            return false;
        }
        server = Tcp(host, port);
        error = null;
        return true;
    }

    // A DNS name of letter-digit-hyphen labels (RFC 1123); IPv4 literals are names of this shape too.
    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > MaxHostLength)
        {
            return false;
        }
        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }
        return true;
    }
}
