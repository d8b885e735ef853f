using System.Globalization;
using System.Security.Authentication;
using System.Text;

namespace MailManager.Smtp.Internal;

/// <summary>
/// Builds the trace header the engine prepends to every message (RFC 5321 4.4), naming the protocol type of
/// RFC 3848/6531 (ESMTP, ESMTPS, ESMTPSA, UTF8SMTPSA…), the TLS version and cipher, and whether the client authenticated.
/// </summary>
internal static class ReceivedHeader
{
    public static byte[] Build(SmtpSessionInfo session, SmtpTransaction transaction, string serverName, string messageId, DateTimeOffset now)
    {
        string protocol = (transaction.SmtpUtf8 ? "UTF8SMTP" : session.IsExtendedHello ? "ESMTP" : "SMTP")
            + (session.IsExtendedHello || transaction.SmtpUtf8 ? (session.IsTls ? "S" : string.Empty) + (session.IsAuthenticated ? "A" : string.Empty) : string.Empty);
        string tls = session.IsTls ? $"{ProtocolName(session.TlsProtocol)} {session.TlsCipherSuite}" : "no TLS";
        string auth = session.IsAuthenticated ? "authenticated" : "not authenticated";
        string forClause = transaction.Recipients.Count == 1 ? $"\r\n\tfor <{transaction.Recipients[0]}>" : string.Empty;
        string date = now.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

        string header =
            $"Received: from {Sanitize(session.HeloName)} ([{session.RemoteEndPoint.Address}])\r\n" +
            $"\tby {serverName} with {protocol} id {messageId}\r\n" +
            $"\t({tls}; {auth}){forClause}; {date}\r\n";
        return Encoding.UTF8.GetBytes(header);
    }

    public static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.None => "none",
        _ => protocol.ToString(),
    };

    // The HELO name is client-controlled: keep it to characters that cannot break the header's structure.
    private static string Sanitize(string? helo)
    {
        if (string.IsNullOrEmpty(helo))
        {
            return "unknown";
        }

        StringBuilder builder = new(Math.Min(helo.Length, 255));
        foreach (char c in helo.AsSpan(0, Math.Min(helo.Length, 255)))
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '[' or ']' ? c : '?');
        }

        return builder.ToString();
    }
}
